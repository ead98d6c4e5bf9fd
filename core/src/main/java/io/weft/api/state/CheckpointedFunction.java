package io.weft.api.state;

/**
 * Implemented by functions that keep state of their own and take part in checkpoints.
 * {@link #initializeState} is called once before the function processes anything (on a fresh start
 * and on restore); {@link #snapshotState} is called on the task thread when a checkpoint is taken,
 * between two records, and should copy what the function holds in fields into its managed state.
 */
public interface CheckpointedFunction {
  void snapshotState(FunctionSnapshotContext context) throws Exception;

  void initializeState(FunctionInitializationContext context) throws Exception;
}
