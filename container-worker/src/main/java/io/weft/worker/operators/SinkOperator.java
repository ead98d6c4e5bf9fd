package io.weft.worker.operators;

import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.snapshot.StateAssignment;
import java.util.List;

/**
 * Hands each element to the subtask's {@link SinkWriter}. A Sink that is a {@code
 * CheckpointedFunction} is initialized before its writer is created.
 */
public final class SinkOperator<T> extends AbstractStreamOperator<T, Void> {
  private final Sink<T> sink;
  private SinkWriter<T> writer;

  public SinkOperator(Sink<T> sink) {
    super(null);
    this.sink = sink;
  }

  @Override
  protected Object checkpointableFunction() {
    return sink;
  }

  @Override
  public void open() throws Exception {
    initializeFunctionState();
    writer = restoredWriter();
  }

  /** A new writer, given this subtask's part of the restored state (its old subtasks' when rescaled). */
  private SinkWriter<T> restoredWriter() throws Exception {
    SinkWriter<T> w = sink.createWriter(context);
    OperatorRestore restore = context.restore();
    if (restore.rescaled()) {
      w.restoreRescaled(rescaledStates(restore));
    } else if (restore.operatorState() != null || context.attemptNumber() > 0) {
      w.restoreState(restore.operatorState()); // null: a restart from the beginning
    }
    return w;
  }

  private List<byte[]> rescaledStates(OperatorRestore restore) {
    return StateAssignment.evenSplit(restore.previousStates(), context.subtaskIndex(), context.parallelism());
  }

  /**
   * The sink had finished in every subtask, but the restored checkpoint may carry its last
   * committables (taken after it finished, before the job's final checkpoint completed): the
   * writer's restore commits them. A writer without restored state is not even created (a {@code
   * TextFileSink} would start its part file anew); nothing is written after it.
   */
  @Override
  public void restoreFinished() throws Exception {
    OperatorRestore restore = context.restore();
    if (restore.rescaled() ? !rescaledStates(restore).isEmpty() : restore.operatorState() != null) {
      writer = restoredWriter();
    }
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws Exception {
    return writer.snapshotState(checkpointId);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    if (writer != null) {
      writer.notifyCheckpointComplete(checkpointId);
    }
  }

  @Override
  public void processElement(StreamRecord<T> record) throws Exception {
    writer.write(record.getValue(), record.hasTimestamp() ? record.getTimestamp() : null);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    // A sink is the end of the line: nothing to pass the watermark on to, only its writer to tell.
    if (writer != null) {
      writer.writeWatermark(watermark);
    }
  }

  @Override
  public void finish() throws Exception {
    writer.finish();
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      SinkWriter<T> w = writer;
      writer = null;
      w.close();
    }
  }
}
