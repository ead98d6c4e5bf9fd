package bench;

import io.weft.examples.nexmark.Auction;
import io.weft.examples.nexmark.Event;
import io.weft.examples.nexmark.NexmarkConfig;
import io.weft.examples.nexmark.NexmarkGenerator;
import io.weft.examples.nexmark.Person;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.CoGroupFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * Nexmark Q3 and Q8 on Flink over the events of Weft's own generator (copied in by run.sh), the
 * same logic as Weft's io.weft.examples.nexmark.JoinQueries on Flink's API. Writes the sorted
 * output lines to {@code <dir>/q3.flink} and {@code <dir>/q8.flink}; also prints each query's
 * events/s. Usage: NexmarkJoins DIR EVENTS RATE.
 */
public final class NexmarkJoins {
  private NexmarkJoins() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long events = Long.parseLong(args[1]);
    NexmarkConfig config = NexmarkConfig.withRate(Long.parseLong(args[2]));
    for (String q : List.of("q3", "q8")) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(Integer.parseInt(args.length > 3 ? args[3] : "1"));
      NexmarkGenerator generator = new NexmarkGenerator(config);
      DataStream<Event> all = env.fromSequence(0, events - 1).map(generator::generate).returns(Event.class)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(100))
              .withTimestampAssigner((e, ts) -> e.dateTime()));
      DataStream<Person> persons = all.filter(e -> e.kind() == Event.Kind.PERSON).map(Event::person)
          .returns(Person.class);
      DataStream<Auction> auctions = all.filter(e -> e.kind() == Event.Kind.AUCTION).map(Event::auction)
          .returns(Auction.class);
      DataStream<String> out = q.equals("q3") ? q3(persons, auctions) : q8(persons, auctions);
      long start = System.nanoTime();
      List<String> lines = new ArrayList<>();
      out.executeAndCollect().forEachRemaining(lines::add);
      double seconds = (System.nanoTime() - start) / 1e9;
      lines.sort(null);
      Files.write(dir.resolve(q + ".flink"), lines);
      System.out.printf("%s: %d lines, %.0f events/s%n", q, lines.size(), events / seconds);
    }
  }

  static final class PersonId implements KeySelector<Person, Long> {
    @Override
    public Long getKey(Person p) {
      return p.id();
    }
  }

  static final class Seller implements KeySelector<Auction, Long> {
    @Override
    public Long getKey(Auction a) {
      return a.seller();
    }
  }

  static DataStream<String> q3(DataStream<Person> persons, DataStream<Auction> auctions) {
    Set<String> states = Set.of("OR", "ID", "CA");
    return persons.filter(p -> states.contains(p.state())).connect(auctions.filter(a -> a.category() == 10))
        .keyBy(new PersonId(), new Seller()).process(new SellerJoin()).returns(Types.STRING);
  }

  /** As Weft's JoinQueries.SellerJoin. */
  static final class SellerJoin extends KeyedCoProcessFunction<Long, Person, Auction, String> {
    private transient ValueState<Person> seller;
    private transient ListState<Long> waiting;

    @Override
    public void open(Configuration parameters) {
      seller = getRuntimeContext().getState(new ValueStateDescriptor<>("seller", Person.class));
      waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-auctions", Long.class));
    }

    @Override
    public void processElement1(Person p, Context ctx, Collector<String> out) throws Exception {
      seller.update(p);
      for (Long auction : waiting.get()) {
        out.collect(p.name() + "|" + p.city() + "|" + p.state() + "|" + auction);
      }
      waiting.clear();
    }

    @Override
    public void processElement2(Auction a, Context ctx, Collector<String> out) throws Exception {
      Person p = seller.value();
      if (p != null) {
        out.collect(p.name() + "|" + p.city() + "|" + p.state() + "|" + a.id());
      } else {
        waiting.add(a.id());
      }
    }
  }

  static DataStream<String> q8(DataStream<Person> persons, DataStream<Auction> auctions) {
    return persons.coGroup(auctions).where(new PersonId()).equalTo(new Seller())
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10))).apply(new NewSellers());
  }

  /** As Weft's JoinQueries.NewSellers. */
  static final class NewSellers implements CoGroupFunction<Person, Auction, String> {
    @Override
    public void coGroup(Iterable<Person> persons, Iterable<Auction> auctions, Collector<String> out) {
      if (!auctions.iterator().hasNext()) {
        return;
      }
      Set<Long> seen = new HashSet<>();
      for (Person p : persons) {
        if (seen.add(p.id())) {
          out.collect(p.id() + "|" + p.name() + "|" + Math.floorDiv(p.dateTime(), 10_000L) * 10_000L);
        }
      }
    }
  }
}
