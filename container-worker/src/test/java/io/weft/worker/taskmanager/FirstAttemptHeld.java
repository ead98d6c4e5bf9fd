package io.weft.worker.taskmanager;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import java.util.List;

/**
 * A source whose first attempt cannot run out of input before {@link RestoreRun} fails it. In
 * attempt 0 each reader emits about {@code step} elements and then waits (reports nothing
 * available) until {@link RestoreRun} lets every held reader go on by {@code step} more from where
 * it is ({@link #releaseStep}), which it does once per checkpoint, after it counted the progress at
 * the checkpoint; the reader never reports the end of its input. Later attempts read the wrapped
 * source freely.
 *
 * <p>Why: paced sources of a few seconds ended on their own on a loaded machine before the test
 * failed the job. Either the checkpoint's trigger found a source finished (a 60 s wait for the
 * acknowledgements or for progress after the checkpoint), or the job had finished when it was
 * "failed", its sink had published everything, and the restored run published it again (every
 * result twice). Holding the input by the test's steps instead of by the clock puts the checkpoint
 * and the failure mid-stream whatever the load.
 *
 * <p>A reader's poll may emit a batch past its allowance (up to 512 for a {@link
 * io.weft.api.source.GeneratorSource}): pick {@code step} so that checkpoints * (step + 512) stays
 * below a reader's share of the input (every checkpoint then finds input left after it), and so
 * that {@code step} elements per reader make the progress the test awaits before and after a
 * checkpoint. After the last release a reader may reach its end: it then holds there.
 *
 * <p>The releases are global: tests run one at a time in a JVM, and {@link RestoreRun} resets them
 * ({@link #holdAll}) before it starts an attempt 0.
 */
final class FirstAttemptHeld<T> implements Source<T> {
  private static final long serialVersionUID = 1L;
  /** How many steps beyond the first the held readers may emit. */
  private static volatile int releases;
  private final Source<T> source;
  private final long step;

  FirstAttemptHeld(Source<T> source, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    this.source = source;
    this.step = step;
  }

  /** Held readers emit their first step only; before an attempt 0. */
  static void holdAll() {
    releases = 0;
  }

  /** Every held reader may emit {@code step} more. */
  static synchronized void releaseStep() {
    releases++;
  }

  @Override
  public boolean isBounded() {
    return source.isBounded();
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) throws Exception {
    SourceReader<T> reader = source.createReader(context);
    return context.attemptNumber() == 0 ? new Held<>(reader, step) : reader;
  }

  /** Counts what the wrapped reader emits and stops polling it at the allowance. */
  private static final class Held<T> implements SourceReader<T>, ReaderOutput<T> {
    private final SourceReader<T> reader;
    private final long step;
    private ReaderOutput<T> output;
    private long emitted;
    private long allowed;
    private int released;
    private boolean ended;

    Held(SourceReader<T> reader, long step) {
      this.reader = reader;
      this.step = step;
      this.allowed = step;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> out) throws Exception {
      int now = releases;
      if (now > released) {
        // Counted from where the reader is: a batch past the last allowance does not eat this step.
        allowed = Math.max(allowed, emitted) + step * (now - released);
        released = now;
      }
      if (ended || emitted >= allowed) {
        return InputStatus.NOTHING_AVAILABLE;
      }
      output = out;
      InputStatus status = reader.pollNext(this);
      if (status == InputStatus.END_OF_INPUT) {
        // The end of attempt 0 is never reported: the job must still be running when it is failed.
        ended = true;
        return InputStatus.NOTHING_AVAILABLE;
      }
      return status;
    }

    @Override
    public void collect(T value) {
      emitted++;
      output.collect(value);
    }

    @Override
    public void collect(T value, long timestamp) {
      emitted++;
      output.collect(value, timestamp);
    }

    @Override
    public void emitWatermark(long timestamp) {
      output.emitWatermark(timestamp);
    }

    @Override
    public void markIdle() {
      output.markIdle();
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
      return reader.snapshotPosition(checkpointId);
    }

    @Override
    public byte[] snapshotPosition() {
      return reader.snapshotPosition();
    }

    @Override
    public double progress() {
      return reader.progress();
    }

    @Override
    public void restorePosition(byte[] position) {
      reader.restorePosition(position);
    }

    @Override
    public void restoreRescaled(List<byte[]> positionsOfEveryOldSubtask) {
      reader.restoreRescaled(positionsOfEveryOldSubtask);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
      reader.close();
    }
  }
}
