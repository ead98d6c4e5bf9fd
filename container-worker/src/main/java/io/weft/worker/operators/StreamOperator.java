package io.weft.worker.operators;

import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;

/**
 * A running operator. The task calls every method on its own thread: open before the first
 * element, finish once the input has ended, close always (also after failure or cancellation).
 */
public interface StreamOperator<IN, OUT> {
  void setup(OperatorContext context, Output<OUT> output);

  void open() throws Exception;

  void processElement(StreamRecord<IN> record) throws Exception;

  /** Event time advanced; an operator fires what became due and passes the watermark on. */
  void processWatermark(long watermark) throws Exception;

  /** The input became idle or active again; operators pass it on (AbstractStreamOperator does). */
  default void processWatermarkStatus(WatermarkStatus status) throws Exception {}

  /**
   * A checkpoint's barrier reached the operator: its state beyond keyed state (a source's position,
   * a sink's pending files), or null. Keyed state is snapshotted by the task.
   */
  default byte[] snapshotState(long checkpointId) throws Exception {
    return null;
  }

  /**
   * A checkpoint's barrier reached the operator, before its state is copied: a user function that
   * is a {@code CheckpointedFunction} gets its {@code snapshotState} call.
   */
  default void snapshotFunctionState(long checkpointId, long timestamp) throws Exception {}

  /** Checkpoint {@code checkpointId} is complete. */
  default void notifyCheckpointComplete(long checkpointId) throws Exception {}

  /**
   * Instead of {@link #open}, in a task deployed as finished: the operator had finished in every
   * subtask of the restored state, so it neither opens nor processes nor finishes; it only settles
   * what that state still owes the outside world (a sink commits what the state's checkpoint
   * prepared). {@link #close} follows as always. Nothing by default.
   */
  default void restoreFinished() throws Exception {}

  /** The input has ended: emit whatever is still buffered. */
  void finish() throws Exception;

  void close() throws Exception;
}
