package io.weft.dataplane.element;

/**
 * Marks, in every channel, the point of the stream that checkpoint {@code checkpointId} covers:
 * the records before it are in the checkpoint's state, the ones after it are not. Sources emit it
 * when the JobManager triggers a checkpoint; a task that has received it on all its inputs
 * snapshots its state and passes it on.
 */
public record CheckpointBarrier(long checkpointId, long timestamp) {}
