package io.weft.dataplane.serialization;

/**
 * Placeholder for the checkpoint barrier of issue 7: enough to give it a wire format now. It moves
 * to {@code io.weft.dataplane.element} with the rest of the checkpointing work.
 */
public record CheckpointBarrier(long checkpointId, long timestamp) {}
