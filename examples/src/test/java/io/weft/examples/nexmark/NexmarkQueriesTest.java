package io.weft.examples.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each query in-process on a small input and compares its output with the answer computed
 * here in plain Java from the same generated events.
 */
@Timeout(120)
class NexmarkQueriesTest {
  /** 20,000 events at 200 per second: 100 s of event time, 10 Q7 windows, 54 Q5 windows. */
  private static final int N = 20_000;
  private static final NexmarkConfig CONFIG = NexmarkConfig.withRate(200);

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  private static List<Bid> bids() {
    NexmarkGenerator generator = new NexmarkGenerator(CONFIG);
    List<Bid> bids = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Event e = generator.generate(i);
      if (e.kind() == Event.Kind.BID) {
        bids.add(e.bid());
      }
    }
    return bids;
  }

  private static <T> List<T> run(int parallelism, Function<DataStream<Event>, DataStream<T>> query) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(parallelism);
    return query.apply(NexmarkQueries.events(env, CONFIG, N)).executeAndCollect("nexmark test");
  }

  /** Order across subtasks is not defined; compare what came out, with how often. */
  private static <T> Map<T, Integer> multiset(List<T> values) {
    Map<T, Integer> m = new HashMap<>();
    values.forEach(v -> m.merge(v, 1, Integer::sum));
    return m;
  }

  @Test
  void q0PassesEveryBidThrough() throws Exception {
    List<Bid> expected = bids();
    assertEquals(N * 46 / 50, expected.size());
    assertEquals(multiset(expected), multiset(run(2, NexmarkQueries::q0)));
  }

  @Test
  void q1ConvertsEveryPriceToEuros() throws Exception {
    List<Bid> expected = new ArrayList<>();
    for (Bid b : bids()) {
      expected.add(new Bid(b.auction(), b.bidder(), Math.round(b.price() * 0.908), b.dateTime(), b.extra()));
    }
    assertEquals(multiset(expected), multiset(run(2, NexmarkQueries::q1)));
  }

  @Test
  void q2SelectsTheBidsOnAuctionsWhoseIdIsAMultipleOf123() throws Exception {
    List<AuctionPrice> expected = new ArrayList<>();
    for (Bid b : bids()) {
      if (b.auction() % 123 == 0) {
        expected.add(new AuctionPrice(b.auction(), b.price()));
      }
    }
    assertTrue(expected.size() > 10, "the input should contain such bids: " + expected.size());
    assertEquals(multiset(expected), multiset(run(2, NexmarkQueries::q2)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void q5FindsTheAuctionsWithTheMostBidsInEverySlidingWindow(int parallelism) throws Exception {
    // Bids per (window start, auction), over every 10 s window starting at a multiple of 2 s.
    Map<Long, Map<Long, Long>> counts = new HashMap<>();
    for (Bid b : bids()) {
      long last = b.dateTime() - Math.floorMod(b.dateTime(), 2000L);
      for (long start = last; start > b.dateTime() - 10_000; start -= 2000) {
        counts.computeIfAbsent(start, s -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
      }
    }
    List<AuctionCount> expected = new ArrayList<>();
    counts.forEach((start, perAuction) -> {
      long most = perAuction.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      perAuction.forEach((auction, count) -> {
        if (count == most) {
          expected.add(new AuctionCount(auction, count, start, start + 10_000));
        }
      });
    });
    // Starts from -8 s (windows reaching event 0) to 98 s, every 2 s.
    assertEquals(54, counts.size(), "windows over 100 s of events");
    assertEquals(multiset(expected), multiset(run(parallelism, NexmarkQueries::q5)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void q7FindsTheHighestBidOfEveryTumblingWindow(int parallelism) throws Exception {
    Map<Long, List<Bid>> highest = new HashMap<>();
    for (Bid b : bids()) {
      long start = b.dateTime() - Math.floorMod(b.dateTime(), 10_000L);
      List<Bid> top = highest.computeIfAbsent(start, s -> new ArrayList<>());
      if (!top.isEmpty() && b.price() > top.get(0).price()) {
        top.clear();
      }
      if (top.isEmpty() || b.price() == top.get(0).price()) {
        top.add(b);
      }
    }
    assertEquals(10, highest.size());
    List<Bid> expected = new ArrayList<>();
    highest.values().forEach(expected::addAll);
    assertEquals(multiset(expected), multiset(run(parallelism, NexmarkQueries::q7)));
  }

  /** The generated input never ties (the hot auction wins every Q5 window): ties are made by hand here. */
  @Test
  void tiesKeepEveryWinner() throws Exception {
    long t = NexmarkConfig.DEFAULT_BASE_TIME;
    List<Event> input = List.of(
        bid(7, 500, t + 1000), bid(8, 500, t + 2000), bid(9, 100, t + 3000), // window [t, t+10 s): 7 and 8 tie
        bid(7, 300, t + 4000), bid(8, 200, t + 5000),
        bid(9, 900, t + 12_000));                                              // window [t+10 s, t+20 s)
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Bid> highest = NexmarkQueries.q7(timed(env, input)).executeAndCollect("q7 ties");
    assertEquals(multiset(List.of(input.get(0).bid(), input.get(1).bid(), input.get(5).bid())), multiset(highest));

    env = StreamEnvironment.createLocalEnvironment(2);
    List<AuctionCount> hot = NexmarkQueries.q5(timed(env, input)).executeAndCollect("q5 ties");
    // Window [t, t+10 s): 7 and 8 have two bids each, 9 one.
    List<AuctionCount> inFirstWindow = hot.stream().filter(c -> c.windowStart() == t).toList();
    assertEquals(multiset(List.of(new AuctionCount(7, 2, t, t + 10_000), new AuctionCount(8, 2, t, t + 10_000))),
        multiset(inFirstWindow));
  }

  private static Event bid(long auction, long price, long time) {
    return Event.of(new Bid(auction, 1000, price, time, ""));
  }

  private static DataStream<Event> timed(StreamEnvironment env, List<Event> events) {
    return env.fromCollection(events)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(1))
            .withTimestampAssigner((e, ts) -> e.dateTime()));
  }

  @Test
  void theBenchmarkPrintsOneLineInTheCommonFormat() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
    StreamEnvironment.setContextConfiguration(conf);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      NexmarkBench.main(new String[] {"--query", "q7", "--events", "20000", "--rate", "200"});
    } finally {
      System.setOut(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.matches("engine=weft job=nexmark-q7 p=2 records=20000 outputs=10 seconds=[0-9.]+ rps=[0-9]+"
        + " steady_seconds=[0-9.]+ steady_rps=[0-9]+"),
        line);
  }
}
