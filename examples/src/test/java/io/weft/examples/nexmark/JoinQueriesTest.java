package io.weft.examples.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Q3 and Q8 run in-process on generated events and compared with the answer computed here in
 * plain Java from the same events.
 */
@Timeout(120)
class JoinQueriesTest {
  /** 50,000 events at 200 per second: 1000 persons, 3000 auctions over 250 s of event time. */
  private static final int N = 50_000;
  private static final NexmarkConfig CONFIG = NexmarkConfig.withRate(200);

  private static List<Event> events() {
    NexmarkGenerator generator = new NexmarkGenerator(CONFIG);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      events.add(generator.generate(i));
    }
    return events;
  }

  private static <T> List<T> run(int parallelism, Function<DataStream<Event>, DataStream<T>> query) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(parallelism);
    return query.apply(NexmarkQueries.events(env, CONFIG, N)).executeAndCollect("nexmark join test");
  }

  private static <T> Map<T, Integer> multiset(List<T> values) {
    Map<T, Integer> m = new HashMap<>();
    values.forEach(v -> m.merge(v, 1, Integer::sum));
    return m;
  }

  @Test
  void q3JoinsEverySellerInTheStatesWithTheirAuctionsInTheCategory() throws Exception {
    Map<Long, Person> persons = new HashMap<>();
    List<Auction> auctions = new ArrayList<>();
    for (Event e : events()) {
      if (e.kind() == Event.Kind.PERSON) {
        persons.put(e.person().id(), e.person());
      } else if (e.kind() == Event.Kind.AUCTION) {
        auctions.add(e.auction());
      }
    }
    List<SellerAuction> expected = new ArrayList<>();
    for (Auction a : auctions) {
      Person p = persons.get(a.seller());
      if (a.category() == 10 && p != null && JoinQueries.Q3_STATES.contains(p.state())) {
        expected.add(new SellerAuction(p.name(), p.city(), p.state(), a.id()));
      }
    }
    assertTrue(expected.size() > 20, "the input has matches: " + expected.size());
    assertEquals(multiset(expected), multiset(run(3, JoinQueries::q3)));
  }

  @Test
  void q8FindsThePersonsWithAnAuctionInTheWindowTheyRegisteredIn() throws Exception {
    List<Person> persons = new ArrayList<>();
    Map<String, Integer> auctionsBySellerAndWindow = new HashMap<>();
    for (Event e : events()) {
      if (e.kind() == Event.Kind.PERSON) {
        persons.add(e.person());
      } else if (e.kind() == Event.Kind.AUCTION) {
        auctionsBySellerAndWindow.merge(e.auction().seller() + "@" + Math.floorDiv(e.auction().dateTime(), 10_000),
            1, Integer::sum);
      }
    }
    List<NewSeller> expected = new ArrayList<>();
    for (Person p : persons) {
      long window = Math.floorDiv(p.dateTime(), 10_000);
      if (auctionsBySellerAndWindow.containsKey(p.id() + "@" + window)) {
        expected.add(new NewSeller(p.id(), p.name(), window * 10_000));
      }
    }
    assertTrue(expected.size() > 20, "the input has matches: " + expected.size());
    assertEquals(multiset(expected), multiset(run(3, JoinQueries::q8)));
  }

  /**
   * Flink 1.20's output of the same queries on the same events ({@code NexmarkJoins} of
   * scripts/bench/flink-two-input, run by its run.sh), one sorted line per result.
   */
  private static List<String> flink(String query) throws Exception {
    return java.nio.file.Files.readAllLines(java.nio.file.Path.of(
        JoinQueriesTest.class.getResource("/nexmark/" + query + ".flink").toURI()));
  }

  @Test
  void q3GivesFlinksAnswer() throws Exception {
    List<String> weft = new ArrayList<>();
    for (SellerAuction r : run(2, JoinQueries::q3)) {
      weft.add(r.name() + "|" + r.city() + "|" + r.state() + "|" + r.auctionId());
    }
    weft.sort(null);
    List<String> expected = flink("q3");
    assertTrue(expected.size() > 20, "Flink's answer has matches");
    assertEquals(expected, weft);
  }

  @Test
  void q8GivesFlinksAnswer() throws Exception {
    List<String> weft = new ArrayList<>();
    for (NewSeller r : run(2, JoinQueries::q8)) {
      weft.add(r.id() + "|" + r.name() + "|" + r.windowStart());
    }
    weft.sort(null);
    List<String> expected = flink("q8");
    assertTrue(expected.size() > 20, "Flink's answer has matches");
    assertEquals(expected, weft);
  }
}
