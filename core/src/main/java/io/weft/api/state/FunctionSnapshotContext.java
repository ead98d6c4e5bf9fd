package io.weft.api.state;

/** The checkpoint a {@link CheckpointedFunction#snapshotState} call is part of. */
public interface FunctionSnapshotContext {
  long getCheckpointId();

  /** When the checkpoint was triggered, in milliseconds since the epoch (the JobManager's clock). */
  long getCheckpointTimestamp();
}
