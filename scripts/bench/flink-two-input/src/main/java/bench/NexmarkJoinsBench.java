package bench;

import io.weft.examples.nexmark.Auction;
import io.weft.examples.nexmark.Event;
import io.weft.examples.nexmark.NexmarkConfig;
import io.weft.examples.nexmark.NexmarkGenerator;
import io.weft.examples.nexmark.Person;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * Nexmark Q3 or Q8 on Flink into a counting sink, for scripts/bench/compare: the queries of
 * {@link NexmarkJoins} over N events of Weft's generator at parallelism P, printed as one line in
 * the format of Weft's NexmarkBench:
 * {@code engine=flink job=nexmark-q3 p=2 records=N outputs=.. seconds=.. rps=.. steady_seconds=.. steady_rps=..}.
 * {@code seconds} times execute() whole (MiniCluster start-up included); {@code steady_seconds}
 * runs from the first event generated to the end. Usage: NexmarkJoinsBench QUERY EVENTS P RATE.
 */
public final class NexmarkJoinsBench {
  private NexmarkJoinsBench() {}

  static final AtomicLong FIRST_EVENT_NANOS = new AtomicLong();
  static final AtomicLong OUTPUTS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String query = args[0];
    long events = Long.parseLong(args[1]);
    int parallelism = Integer.parseInt(args[2]);
    NexmarkConfig config = NexmarkConfig.withRate(Long.parseLong(args[3]));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    NexmarkGenerator generator = new NexmarkGenerator(config);
    DataStream<Event> all = env.fromSequence(0, events - 1).map(new Generate(generator)).returns(Event.class)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(100))
            .withTimestampAssigner((e, ts) -> e.dateTime()));
    DataStream<Person> persons = all.filter(e -> e.kind() == Event.Kind.PERSON).map(Event::person)
        .returns(Person.class);
    DataStream<Auction> auctions = all.filter(e -> e.kind() == Event.Kind.AUCTION).map(Event::auction)
        .returns(Auction.class);
    DataStream<String> out = switch (query) {
      case "q3" -> NexmarkJoins.q3(persons, auctions);
      case "q8" -> NexmarkJoins.q8(persons, auctions);
      default -> throw new IllegalArgumentException("query must be q3 or q8, not " + query);
    };
    out.addSink(new CountingSink());
    long start = System.nanoTime();
    env.execute("nexmark-" + query);
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - FIRST_EVENT_NANOS.get()) / 1e9;
    System.out.printf("engine=flink job=nexmark-%s p=%d records=%d outputs=%d seconds=%.2f rps=%.0f"
        + " steady_seconds=%.2f steady_rps=%.0f%n", query, parallelism, events, OUTPUTS.get(), seconds,
        events / seconds, steady, events / steady);
  }

  /** The generator, noting when the first event was made (the start of the steady time). */
  static final class Generate implements MapFunction<Long, Event> {
    private final NexmarkGenerator generator;

    Generate(NexmarkGenerator generator) {
      this.generator = generator;
    }

    @Override
    public Event map(Long i) {
      if (FIRST_EVENT_NANOS.get() == 0) {
        FIRST_EVENT_NANOS.compareAndSet(0, System.nanoTime());
      }
      return generator.generate(i);
    }
  }

  /** Counts per subtask, adds up when the subtask closes: no shared counter on the hot path. */
  static final class CountingSink extends RichSinkFunction<String> {
    private long count;

    @Override
    public void invoke(String value, Context context) {
      count++;
    }

    @Override
    public void close() {
      OUTPUTS.addAndGet(count);
    }
  }
}
