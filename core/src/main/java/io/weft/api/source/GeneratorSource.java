package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates elements from their sequence numbers: subtask k of p makes k, k+p, k+2p, ... below
 * {@code count}; {@code count = Long.MAX_VALUE} makes it unbounded. An optional rate limit in
 * elements per second per source (over all subtasks) paces it like a live feed; a source held back
 * (backpressure) catches up afterwards. Or a schedule of rates by sequence number
 * ({@link #withRateSteps}): a feed whose rate rises and falls at known points, so that its records
 * stay exactly countable; held back, it goes on at the schedule's rate without catching up. Its position
 * restores at any parallelism: restored at another, each subtask makes the numbers of its share
 * that no old subtask had made ({@link EarlierProgress}). A schedule is by number, so it carries on
 * across restores.
 */
public final class GeneratorSource<T> implements Source<T> {
  private static final long serialVersionUID = 1L;
  /** How far a paced schedule may fall behind before it forgets the rest: a short burst, no catching up. */
  private static final long MAX_LAG_NANOS = 100_000_000L;
  private final GeneratorFunction<T> generator;
  private final long count;
  private final double elementsPerSecond;
  /** The rate schedule, ascending by {@link RateStep#from}, the first from 0; empty for none. */
  private final RateStep[] steps;

  /** From sequence number {@code from} on, the source makes {@code elementsPerSecond} over all its subtasks. */
  public record RateStep(long from, double elementsPerSecond) implements java.io.Serializable {
    public RateStep {
      if (from < 0 || !(elementsPerSecond > 0) || Double.isInfinite(elementsPerSecond)) {
        throw new IllegalArgumentException("a rate step needs a number >= 0 and a positive rate, not " + from + ": "
            + elementsPerSecond + "/s");
      }
    }
  }

  public GeneratorSource(GeneratorFunction<T> generator, long count) {
    this(generator, count, 0);
  }

  public GeneratorSource(GeneratorFunction<T> generator, long count, double elementsPerSecond) {
    this(generator, count, elementsPerSecond, new RateStep[0]);
  }

  private GeneratorSource(GeneratorFunction<T> generator, long count, double elementsPerSecond, RateStep[] steps) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    this.generator = generator;
    this.count = count;
    this.elementsPerSecond = elementsPerSecond;
    this.steps = steps;
  }

  /**
   * {@code count} elements paced by {@code steps}: number i goes at the rate of the last step whose
   * {@code from} is at most i (steps ascending by {@code from}, the first from 0).
   */
  public static <T> GeneratorSource<T> withRateSteps(GeneratorFunction<T> generator, long count, List<RateStep> steps) {
    if (steps.isEmpty() || steps.get(0).from() != 0) {
      throw new IllegalArgumentException("a rate schedule starts with a step from 0: " + steps);
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).from() <= steps.get(i - 1).from()) {
        throw new IllegalArgumentException("rate steps must ascend by their first number: " + steps);
      }
    }
    return new GeneratorSource<>(generator, count, 0, steps.toArray(new RateStep[0]));
  }

  /** Nanoseconds between two numbers of one of {@code p} subtasks at number {@code i} of the schedule. */
  private long intervalNanos(long i, int p) {
    RateStep step = steps[0];
    for (RateStep s : steps) {
      if (s.from() <= i) {
        step = s;
      }
    }
    return (long) (1e9 * p / step.elementsPerSecond());
  }

  /** Emits the numbers from {@code from} to {@code to}, both included. */
  public static GeneratorSource<Long> sequence(long from, long to) {
    if (to < from) {
      throw new IllegalArgumentException("sequence end " + to + " is before its start " + from);
    }
    return new GeneratorSource<>(i -> from + i, to - from + 1);
  }

  @Override
  public boolean isBounded() {
    return count != Long.MAX_VALUE;
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) {
    int p = context.parallelism();
    double perSubtaskRate = elementsPerSecond / p;
    long share = count == Long.MAX_VALUE ? -1 : Math.max(1, (count - context.subtaskIndex() + p - 1) / p);
    return new SourceReader<>() {
      private long next = context.subtaskIndex();
      private long emitted;
      /** emitted, published once per poll: a volatile write per element would cost too much. */
      private volatile long emittedSoFar;
      private final long startNanos = System.nanoTime();
      /** Elements emitted before this reader started (restored): the rate limit counts from here. */
      private long emittedBefore;
      /** Numbers made at earlier parallelisms, to skip; empty unless restored at another parallelism. */
      private EarlierProgress earlier = EarlierProgress.none();
      /** With rate steps: when the next number is due (System.nanoTime()). */
      private long dueNanos = startNanos;

      @Override
      public byte[] snapshotPosition() {
        ByteBuffer b = ByteBuffer.allocate(16 + (earlier.isEmpty() ? 0 : earlier.encodedLength()));
        b.putLong(next).putLong(emitted);
        if (!earlier.isEmpty()) {
          earlier.writeTo(b);
        }
        return b.array();
      }

      @Override
      public void restorePosition(byte[] position) {
        ByteBuffer b = ByteBuffer.wrap(position);
        next = b.getLong();
        emitted = b.getLong();
        earlier = b.hasRemaining() ? EarlierProgress.readFrom(b) : EarlierProgress.none();
        emittedBefore = emitted;
        emittedSoFar = emitted;
      }

      @Override
      public void restoreRescaled(List<byte[]> positionsOfEveryOldSubtask) {
        int oldParallelism = positionsOfEveryOldSubtask.size();
        long[] oldNext = new long[oldParallelism];
        List<long[]> inherited = new ArrayList<>();
        for (int j = 0; j < oldParallelism; j++) {
          byte[] position = positionsOfEveryOldSubtask.get(j);
          if (position == null) {
            oldNext[j] = j; // that subtask had made nothing
            continue;
          }
          ByteBuffer b = ByteBuffer.wrap(position);
          oldNext[j] = b.getLong();
          b.getLong();
          if (b.hasRemaining()) {
            inherited.addAll(EarlierProgress.readFrom(b).levels());
          }
        }
        earlier = EarlierProgress.of(inherited, oldNext);
        next = context.subtaskIndex();
      }

      @Override
      public double progress() {
        return share < 0 ? -1 : Math.min(1.0, (double) emittedSoFar / share);
      }

      @Override
      public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        int batch = 512;
        if (perSubtaskRate > 0) {
          double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
          long allowed = (long) (elapsedSeconds * perSubtaskRate) - (emitted - emittedBefore);
          if (allowed <= 0) {
            return InputStatus.NOTHING_AVAILABLE;
          }
          batch = (int) Math.min(batch, allowed);
        }
        long now = System.nanoTime();
        if (steps.length > 0) {
          dueNanos = Math.max(dueNanos, now - MAX_LAG_NANOS);
          if (dueNanos > now) {
            return InputStatus.NOTHING_AVAILABLE;
          }
        }
        if (!earlier.isEmpty()) {
          earlier.forgetBefore(next);
        }
        for (int n = 0; n < batch && next < count && next >= 0; next += p) {
          if (!earlier.isEmpty() && earlier.covers(next)) {
            continue; // an old subtask made it before the restore
          }
          if (steps.length > 0) {
            if (dueNanos > now) {
              break; // not yet due: the next poll makes it
            }
            dueNanos += intervalNanos(next, p);
          }
          output.collect(generator.generate(next));
          emitted++;
          n++;
        }
        emittedSoFar = emitted;
        return next < count && next >= 0 ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
      }
    };
  }
}
