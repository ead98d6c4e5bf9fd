package io.weft.examples.nexmark;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A subset of the Nexmark queries, as defined by the Flink Nexmark suite (so that the two
 * engines can be compared query for query): Q0, Q1 and Q2 read bids only; Q5 and Q7 use
 * event-time windows; Q3 and Q8 join persons with auctions ({@link JoinQueries}).
 */
public final class NexmarkQueries {
  /** Q1's exchange rate, as in the Flink Nexmark suite. */
  public static final double DOLLAR_TO_EURO = 0.908;
  /** Q2 selects the bids on auctions whose id is a multiple of this. */
  public static final long Q2_MODULUS = 123;
  /** Q5: bids per auction in 10 s windows starting every 2 s. */
  public static final Duration Q5_SIZE = Duration.ofSeconds(10);
  public static final Duration Q5_SLIDE = Duration.ofSeconds(2);
  /** Q7: the highest bid of every 10 s window. */
  public static final Duration Q7_SIZE = Duration.ofSeconds(10);
  /**
   * Each subtask's events come in time order (event k+p happens after event k), so the
   * watermark need not wait for stragglers; a little slack costs nothing.
   */
  public static final Duration OUT_OF_ORDERNESS = Duration.ofMillis(100);

  public static final List<String> NAMES = List.of("q0", "q1", "q2", "q3", "q5", "q7", "q8");

  private NexmarkQueries() {}

  /** {@code count} Nexmark events (Long.MAX_VALUE: unbounded) with their event times and watermarks. */
  public static DataStream<Event> events(StreamEnvironment env, NexmarkConfig config, long count) {
    return env.fromSource(new NexmarkSource(config, count), "Nexmark", TypeInfo.of(Event.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
            .withTimestampAssigner((event, ts) -> event.dateTime()))
        .name("Event time");
  }

  /** The query named {@code name} (q0, q1, q2, q5, q7) over {@code events}. */
  public static DataStream<?> query(String name, DataStream<Event> events) {
    return switch (name) {
      case "q0" -> q0(events);
      case "q1" -> q1(events);
      case "q2" -> q2(events);
      case "q5" -> q5(events);
      case "q7" -> q7(events);
      case "q3" -> JoinQueries.q3(events);
      case "q8" -> JoinQueries.q8(events);
      default -> throw new IllegalArgumentException("unknown query '" + name + "'; one of " + NAMES);
    };
  }

  static DataStream<Bid> bids(DataStream<Event> events) {
    return events.filter(e -> e.kind() == Event.Kind.BID).name("Bids")
        .map(Event::bid).returns(Bid.class).name("Bid");
  }

  /** Q0, pass-through: every bid as it is; measures the cost of reading and writing events. */
  public static DataStream<Bid> q0(DataStream<Event> events) {
    return bids(events);
  }

  /** Q1, currency conversion: every bid with its price in euro cents. */
  public static DataStream<Bid> q1(DataStream<Event> events) {
    return bids(events)
        .map(b -> new Bid(b.auction(), b.bidder(), euroCents(b.price()), b.dateTime(), b.extra()))
        .returns(Bid.class).name("Q1: dollars to euros");
  }

  public static long euroCents(long dollarCents) {
    return Math.round(dollarCents * DOLLAR_TO_EURO);
  }

  /** Q2, selection: auction and price of the bids on auctions whose id is a multiple of 123. */
  public static DataStream<AuctionPrice> q2(DataStream<Event> events) {
    return bids(events)
        .filter(b -> b.auction() % Q2_MODULUS == 0).name("Q2: auction % 123 == 0")
        .map(b -> new AuctionPrice(b.auction(), b.price())).returns(AuctionPrice.class).name("Q2: auction, price");
  }

  /**
   * Q5, hot items: for every 10 s window (one starting every 2 s), the auction(s) with the most
   * bids in it. First the bids per auction and window, then, keyed by window, the largest count.
   */
  public static DataStream<AuctionCount> q5(DataStream<Event> events) {
    return bids(events)
        // Typed keys: with checkpoints on, keyed state needs the key's type (a method reference erases it).
        .keyBy(Bid::auction, TypeInfo.of(Long.class))
        .window(SlidingEventTimeWindows.of(Q5_SIZE, Q5_SLIDE))
        .aggregate(new CountBids(), new AuctionWindowCount()).name("Q5: bids per auction and window")
        // A window's counts carry its maxTimestamp, so a tumbling window of the slide holds one
        // sliding window's counts and fires once all of them have arrived.
        .keyBy(AuctionCount::windowEnd, TypeInfo.of(Long.class))
        .window(TumblingEventTimeWindows.of(Q5_SLIDE))
        .aggregate(new MostBids(), new EachCount()).name("Q5: most bids per window");
  }

  /**
   * Q7, highest bid: for every 10 s tumbling window, the bid(s) with the highest price. Keyed by
   * price, subtasks first find the highest bids of their share in parallel; then, keyed by
   * window, the highest of those. (The price spreads bids evenly over subtasks; auction and
   * bidder would not, the hot ones get half and three quarters of all bids.)
   */
  public static DataStream<Bid> q7(DataStream<Event> events) {
    return bids(events)
        .keyBy(b -> b.price() % 64)
        .window(TumblingEventTimeWindows.of(Q7_SIZE))
        .aggregate(new HighestBids(), new WithWindowEnd()).name("Q7: highest bids per share")
        .keyBy(WindowHighest::windowEnd)
        .window(TumblingEventTimeWindows.of(Q7_SIZE))
        .reduce(WindowHighest::higher).name("Q7: highest bids per window")
        .flatMap((WindowHighest w, Collector<Bid> out) -> w.bids().forEach(out::collect))
        .returns(Bid.class).name("Q7: highest bids");
  }

  // ---- Q5's functions ----

  /** Counts bids. */
  public static final class CountBids implements AggregateFunction<Bid, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Bid bid, Long count) {
      return count + 1;
    }

    @Override
    public Long getResult(Long count) {
      return count;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** Puts an auction's count together with its window. */
  public static final class AuctionWindowCount extends ProcessWindowFunction<Long, AuctionCount, Long, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Long auction, Context context, Iterable<Long> counts, Collector<AuctionCount> out) {
      TimeWindow w = context.window();
      out.collect(new AuctionCount(auction, counts.iterator().next(), w.getStart(), w.getEnd()));
    }
  }

  /** Keeps the counts equal to the largest seen so far: only the winners are stored, not every auction. */
  public static final class MostBids implements AggregateFunction<AuctionCount, List<AuctionCount>, List<AuctionCount>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<AuctionCount> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<AuctionCount> add(AuctionCount value, List<AuctionCount> best) {
      long most = best.isEmpty() ? Long.MIN_VALUE : best.get(0).count();
      if (value.count() > most) {
        best.clear();
      }
      if (value.count() >= most) {
        best.add(value);
      }
      return best;
    }

    @Override
    public List<AuctionCount> getResult(List<AuctionCount> best) {
      return new ArrayList<>(best);
    }

    @Override
    public List<AuctionCount> merge(List<AuctionCount> a, List<AuctionCount> b) {
      List<AuctionCount> merged = new ArrayList<>(a);
      for (AuctionCount c : b) {
        add(c, merged);
      }
      return merged;
    }
  }

  /** Emits each of a window's winners. */
  public static final class EachCount extends ProcessWindowFunction<List<AuctionCount>, AuctionCount, Long, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Long windowEnd, Context context, Iterable<List<AuctionCount>> winners,
        Collector<AuctionCount> out) {
      for (List<AuctionCount> list : winners) {
        list.forEach(out::collect);
      }
    }
  }

  // ---- Q7's functions ----

  /** Keeps the bids with the highest price seen so far (several only when prices tie). */
  public static final class HighestBids implements AggregateFunction<Bid, List<Bid>, List<Bid>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Bid> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<Bid> add(Bid bid, List<Bid> highest) {
      long top = highest.isEmpty() ? Long.MIN_VALUE : highest.get(0).price();
      if (bid.price() > top) {
        highest.clear();
      }
      if (bid.price() >= top) {
        highest.add(bid);
      }
      return highest;
    }

    @Override
    public List<Bid> getResult(List<Bid> highest) {
      return new ArrayList<>(highest);
    }

    @Override
    public List<Bid> merge(List<Bid> a, List<Bid> b) {
      List<Bid> merged = new ArrayList<>(a);
      for (Bid bid : b) {
        add(bid, merged);
      }
      return merged;
    }
  }

  /** Tags a share's highest bids with their window, the key of the second stage. */
  public static final class WithWindowEnd extends ProcessWindowFunction<List<Bid>, WindowHighest, Long, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Long share, Context context, Iterable<List<Bid>> highest, Collector<WindowHighest> out) {
      for (List<Bid> bids : highest) {
        if (!bids.isEmpty()) {
          out.collect(new WindowHighest(context.window().getEnd(), bids));
        }
      }
    }
  }
}
