package io.weft.examples.nexmark;

import io.weft.api.datastream.DataStream;
import io.weft.api.functions.CoGroupFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The Nexmark queries that join persons with auctions, as the Flink Nexmark suite defines them:
 * Q3 an incremental (unwindowed) join, Q8 a window join.
 */
public final class JoinQueries {
  /** Q3: the auctions of this category... */
  public static final long Q3_CATEGORY = 10;
  /** ...by sellers in these states. */
  public static final Set<String> Q3_STATES = Set.of("OR", "ID", "CA");
  /** Q8: persons and auctions meet in tumbling windows of this size. */
  public static final Duration Q8_WINDOW = Duration.ofSeconds(10);

  private JoinQueries() {}

  /**
   * Runs Q3 or Q8 on N generated events and writes one line per result ({@link
   * SellerAuction#line()}, {@link NewSeller#line()}) into a directory. Usage: {@code JoinQueries
   * --query q3|q8 --events N [--rate R] --output <dir>}, R events per second of event time.
   */
  public static void main(String[] args) throws Exception {
    String query = null;
    long events = 50_000;
    long rate = NexmarkConfig.DEFAULT_EVENTS_PER_SECOND;
    String output = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--query" -> query = args[i + 1];
        case "--events" -> events = Long.parseLong(args[i + 1]);
        case "--rate" -> rate = Long.parseLong(args[i + 1]);
        case "--output" -> output = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (output == null || !("q3".equals(query) || "q8".equals(query))) {
      throw new IllegalArgumentException("usage: JoinQueries --query q3|q8 --events N [--rate R] --output <dir>");
    }
    io.weft.api.environment.StreamEnvironment env = io.weft.api.environment.StreamEnvironment.getExecutionEnvironment();
    DataStream<Event> all = NexmarkQueries.events(env, NexmarkConfig.withRate(rate), events);
    DataStream<String> lines = query.equals("q3")
        ? q3(all).map(SellerAuction::line).returns(String.class)
        : q8(all).map(NewSeller::line).returns(String.class);
    lines.writeAsText(output);
    env.execute("nexmark-" + query);
  }

  static DataStream<Person> persons(DataStream<Event> events) {
    return events.filter(e -> e.kind() == Event.Kind.PERSON).name("Persons")
        .map(Event::person).returns(Person.class).name("Person");
  }

  static DataStream<Auction> auctions(DataStream<Event> events) {
    return events.filter(e -> e.kind() == Event.Kind.AUCTION).name("Auctions")
        .map(Event::auction).returns(Auction.class).name("Auction");
  }

  /**
   * Q3, local item suggestion: every auction in category 10 with its seller's name, city and state,
   * for sellers in OR, ID or CA; whichever of person and auction comes first waits in keyed state.
   */
  public static DataStream<SellerAuction> q3(DataStream<Event> events) {
    DataStream<Person> persons = persons(events).filter(p -> Q3_STATES.contains(p.state())).name("Q3: state");
    DataStream<Auction> auctions = auctions(events).filter(a -> a.category() == Q3_CATEGORY).name("Q3: category");
    return persons.connect(auctions).keyBy(Person::id, Auction::seller, TypeInfo.of(Long.class))
        .process(new SellerJoin()).returns(SellerAuction.class).name("Q3: join");
  }

  /** Keeps each seller (input 1) and the auctions that came before them (input 2). */
  public static final class SellerJoin extends KeyedCoProcessFunction<Long, Person, Auction, SellerAuction> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Person> seller;
    private transient ListState<Long> waiting;

    @Override
    public void open() {
      seller = getRuntimeContext().getState(new ValueStateDescriptor<>("seller", Person.class));
      waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-auctions", Long.class));
    }

    @Override
    public void processElement1(Person person, Context<Long> ctx, Collector<SellerAuction> out) throws Exception {
      seller.update(person);
      for (Long auction : waiting.get()) {
        out.collect(new SellerAuction(person.name(), person.city(), person.state(), auction));
      }
      waiting.clear();
    }

    @Override
    public void processElement2(Auction auction, Context<Long> ctx, Collector<SellerAuction> out) throws Exception {
      Person person = seller.value();
      if (person != null) {
        out.collect(new SellerAuction(person.name(), person.city(), person.state(), auction.id()));
      } else {
        waiting.add(auction.id());
      }
    }
  }

  /**
   * Q8, monitor new users: the persons who registered and put up an auction within the same 10 s
   * tumbling window, once per person and window.
   */
  public static DataStream<NewSeller> q8(DataStream<Event> events) {
    return persons(events).coGroup(auctions(events))
        .where(Person::id, TypeInfo.of(Long.class)).equalTo(Auction::seller)
        .window(TumblingEventTimeWindows.of(Q8_WINDOW))
        .apply(new NewSellers(), TypeInfo.of(NewSeller.class));
  }

  /** One line per person of a window that has an auction of theirs too. */
  public static final class NewSellers implements CoGroupFunction<Person, Auction, NewSeller> {
    private static final long serialVersionUID = 1L;

    @Override
    public void coGroup(Iterable<Person> persons, Iterable<Auction> auctions, Collector<NewSeller> out) {
      if (!auctions.iterator().hasNext()) {
        return;
      }
      Set<Long> seen = new HashSet<>();
      long size = Q8_WINDOW.toMillis();
      for (Person p : persons) {
        if (seen.add(p.id())) {
          out.collect(new NewSeller(p.id(), p.name(), Math.floorDiv(p.dateTime(), size) * size));
        }
      }
    }
  }
}
