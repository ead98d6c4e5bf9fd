package io.weft.examples.nexmark;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.datastream.DataStream;
import io.weft.api.functions.MapFunction;
import io.weft.examples.bench.CountingSink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one Nexmark query on N generated events into a counting sink and prints one line in the
 * format of the other benchmarks:
 * {@code engine=weft job=nexmark-q5 p=2 records=N outputs=.. seconds=.. rps=.. steady_seconds=.. steady_rps=..};
 * {@code seconds} times execute() whole, {@code steady_seconds} runs from the first event to the end.
 *
 * <p>Usage: {@code NexmarkBench --query q0|q1|q2|q3|q5|q7|q8 [--events N] [--parallelism P] [--rate R]};
 * R is events per second of event time (default 10000, Nexmark's), which sets how many events
 * fall into each window; it does not slow the source. Without --parallelism, from -p.
 */
public final class NexmarkBench {
  private NexmarkBench() {}

  public static void main(String[] args) throws Exception {
    String query = null;
    long events = 10_000_000L;
    int parallelism = -1;
    long rate = NexmarkConfig.DEFAULT_EVENTS_PER_SECOND;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--query" -> query = args[i + 1];
        case "--events" -> events = Long.parseLong(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: NexmarkBench --query q0|q1|q2|q3|q5|q7|q8 [--events N] [--parallelism P] [--rate R]");
      }
    }
    if (query == null || !NexmarkQueries.NAMES.contains(query)) {
      throw new IllegalArgumentException("--query must be one of " + NexmarkQueries.NAMES + ", not " + query);
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
    DataStream<Event> generated = NexmarkQueries.events(env, NexmarkConfig.withRate(rate), events)
        .map(new NoteFirstEvent()).returns(Event.class).name("Note the first event");
    NexmarkQueries.query(query, generated).sinkTo(new CountingSink<>());
    CountingSink.SEEN.set(0);
    FIRST_EVENT_NANOS.set(0);
    long start = System.nanoTime();
    env.execute("nexmark-" + query);
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    System.out.printf("engine=weft job=nexmark-%s p=%d records=%d outputs=%d seconds=%.2f rps=%.0f", query,
        env.getParallelism(), events, CountingSink.SEEN.get(), seconds, events / seconds);
    if (FIRST_EVENT_NANOS.get() != 0) { // 0: the tasks ran in other JVMs (on YARN), which time themselves
      double steady = (end - FIRST_EVENT_NANOS.get()) / 1e9;
      System.out.printf(" steady_seconds=%.2f steady_rps=%.0f", steady, events / steady);
    }
    System.out.println();
  }

  /** When the first event passed: the steady time runs from it to the end (the anchors' rule). */
  static final AtomicLong FIRST_EVENT_NANOS = new AtomicLong();

  private static final class NoteFirstEvent implements MapFunction<Event, Event> {
    private static final long serialVersionUID = 1L;

    @Override
    public Event map(Event event) {
      if (FIRST_EVENT_NANOS.get() == 0) {
        FIRST_EVENT_NANOS.compareAndSet(0, System.nanoTime());
      }
      return event;
    }
  }
}
