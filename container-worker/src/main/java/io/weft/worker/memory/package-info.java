/**
 * A TaskManager's memory and disk, computed once per process ({@link
 * io.weft.worker.memory.TaskManagerResources}) and handed to each task as its slot's {@link
 * io.weft.worker.memory.SlotBudget}.
 */
package io.weft.worker.memory;
