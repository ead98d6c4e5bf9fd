package io.weft.worker.operators;

import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import io.weft.core.plan.RuntimeMode;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;

/**
 * The head of a source task: polls the subtask's reader and emits into the chain. At the end of a
 * bounded input it emits the final watermark, which fires every pending event-time timer.
 */
public final class SourceOperator<T> extends AbstractStreamOperator<Void, T> implements ReaderOutput<T> {
  private final Source<T> source;
  /** Volatile: progress() reads it from the heartbeat thread. */
  private volatile SourceReader<T> reader;
  private Exception emitFailure;
  /** What the reader said of its event time (readers that make their own watermarks). */
  private long lastReaderWatermark = Long.MIN_VALUE;
  private boolean readerIdle;
  /** BATCH runs have no watermarks but the final one, as with assignTimestampsAndWatermarks. */
  private boolean readerWatermarks;

  public SourceOperator(Source<T> source) {
    super(null);
    this.source = source;
  }

  @Override
  public void open() throws Exception {
    readerWatermarks = context.runtimeMode() != RuntimeMode.BATCH;
    SourceReader<T> r = source.createReader(context);
    OperatorRestore restore = context.restore();
    if (restore.rescaled()) {
      try {
        r.restoreRescaled(restore.previousStates());
      } catch (UnsupportedOperationException e) {
        throw new IllegalStateException("source '" + context.operatorName() + "' ran at parallelism "
            + restore.previousStates().size() + " when its state was taken and runs at " + context.parallelism()
            + " now, but its reader cannot split its position: restore the source at parallelism "
            + restore.previousStates().size() + " (setParallelism on the source)", e);
      }
    } else if (restore.operatorState() != null) {
      r.restorePosition(restore.operatorState());
    }
    reader = r;
  }

  /** The reader's share of its input read, 0 to 1, or negative when unknown (unbounded, not open yet). */
  public double progress() {
    SourceReader<T> r = reader;
    return r == null ? -1 : r.progress();
  }

  /** The reader's position, or null if it cannot resume. */
  @Override
  public byte[] snapshotState(long checkpointId) {
    return reader.snapshotPosition(checkpointId);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    SourceReader<T> r = reader;
    if (r != null) {
      r.notifyCheckpointComplete(checkpointId);
    }
  }

  /** Stop --drain: emits the end of event time (as a bounded input's end does) before the final savepoint. */
  public void endEventTime() throws Exception {
    output.emitWatermark(Watermark.MAX.timestamp());
  }

  /** Lets the reader emit what it has; returns what it reported. */
  public InputStatus pollNext() throws Exception {
    InputStatus status = reader.pollNext(this);
    if (emitFailure != null) {
      throw emitFailure;
    }
    if (status == InputStatus.END_OF_INPUT) {
      output.emitWatermark(Watermark.MAX.timestamp());
    }
    return status;
  }

  @Override
  public void collect(T value) {
    collect(value, StreamRecord.NO_TIMESTAMP);
  }

  @Override
  public void collect(T value, long timestamp) {
    try {
      emit(value, timestamp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Readers cannot throw checked exceptions from collect(); hand it back through pollNext().
      emitFailure = e;
      throw new EmitFailedException(e);
    }
  }

  /** A reader's own watermark (it watches its partitions' event time): passed on when it rises. */
  @Override
  public void emitWatermark(long timestamp) {
    if (!readerWatermarks || timestamp <= lastReaderWatermark) {
      return;
    }
    lastReaderWatermark = timestamp;
    try {
      if (readerIdle) {
        readerIdle = false;
        output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
      }
      output.emitWatermark(timestamp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      emitFailure = e;
      throw new EmitFailedException(e);
    }
  }

  @Override
  public void markIdle() {
    if (!readerWatermarks || readerIdle) {
      return;
    }
    readerIdle = true;
    try {
      output.emitWatermarkStatus(WatermarkStatus.IDLE);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      emitFailure = e;
      throw new EmitFailedException(e);
    }
  }

  @Override
  public void processElement(StreamRecord<Void> record) {
    throw new UnsupportedOperationException("a source has no input");
  }

  @Override
  public void close() throws Exception {
    if (reader != null) {
      SourceReader<T> r = reader;
      reader = null;
      r.close();
    }
  }
}
