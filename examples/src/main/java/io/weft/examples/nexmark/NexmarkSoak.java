package io.weft.examples.nexmark;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.FilterFunction;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.core.types.TypeInfo;
import io.weft.examples.bench.CountingSink;
import java.util.concurrent.locks.LockSupport;

/**
 * Nexmark Q5 (hot items: bids per auction in sliding 10 s windows, then the top auction per 2 s
 * tumbling window) over an endless stream at a fixed rate, for the soak run
 * ({@code integration-tests}' {@code SoakTest}, {@code -Psoak}): the generator is paced so that
 * {@code --rate} events per second enter the job (and event time advances as fast as the clock),
 * unlike {@link NexmarkBench}, which reads as fast as the job takes them. The results go to a
 * counting sink; what the soak watches is the job's memory, checkpoints and throughput over time.
 *
 * <pre>NexmarkSoak [--rate EVENTS_PER_SECOND] [--parallelism P]</pre>
 */
public final class NexmarkSoak {
  private NexmarkSoak() {}

  public static void main(String[] args) throws Exception {
    long rate = 5_000;
    int parallelism = -1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--rate" -> rate = Long.parseLong(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: NexmarkSoak [--rate EVENTS_PER_SECOND] [--parallelism P]");
      }
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("--rate must be positive, got " + rate);
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
    int p = env.getParallelism();
    NexmarkConfig config = NexmarkConfig.withRate(rate);
    var events = env.fromSource(NexmarkSource.unbounded(config), "Nexmark", TypeInfo.of(Event.class))
        .filter(new Pace(Math.max(1.0, (double) rate / p))).name("Pace")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(
            NexmarkQueries.OUT_OF_ORDERNESS).withTimestampAssigner((event, ts) -> event.dateTime()))
        .name("Event time");
    NexmarkQueries.q5(events).sinkTo(new CountingSink<>());
    env.execute("nexmark-soak-q5");
  }

  /**
   * Lets events through at {@code perSecond} per subtask: each waits for its time slot, so the
   * source is held back (as a source reading a paced log would be). Transient state: each subtask
   * starts its own clock.
   */
  static final class Pace implements FilterFunction<Event> {
    private static final long serialVersionUID = 1L;
    private final double nanosPerEvent;
    private transient long start;
    private transient long passed;

    Pace(double perSecond) {
      this.nanosPerEvent = 1e9 / perSecond;
    }

    @Override
    public boolean filter(Event event) {
      long now = System.nanoTime();
      if (passed == 0) {
        start = now;
      }
      long due = start + (long) (passed++ * nanosPerEvent);
      if (due - now > 1_000_000) { // ahead by more than a millisecond: wait (shorter waits cost more than they keep)
        LockSupport.parkNanos(due - now);
      }
      return true;
    }
  }
}
