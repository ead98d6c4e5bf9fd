package io.weft.examples.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.TestSubtasks;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.SourceReader;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NexmarkGeneratorTest {
  private static final NexmarkConfig CONFIG = NexmarkConfig.defaults();
  private static final int N = 5000;

  private static List<Event> generate(NexmarkGenerator generator, int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(generator.generate(i));
    }
    return events;
  }

  @Test
  void every50EventsAreOnePersonThenThreeAuctionsThen46Bids() {
    List<Event> events = generate(new NexmarkGenerator(CONFIG), N);
    Map<Event.Kind, Integer> counts = new HashMap<>();
    for (int i = 0; i < N; i++) {
      Event e = events.get(i);
      counts.merge(e.kind(), 1, Integer::sum);
      int slot = i % 50;
      Event.Kind expected = slot == 0 ? Event.Kind.PERSON : slot <= 3 ? Event.Kind.AUCTION : Event.Kind.BID;
      assertEquals(expected, e.kind(), "event " + i);
      assertEquals(1, (e.person() != null ? 1 : 0) + (e.auction() != null ? 1 : 0) + (e.bid() != null ? 1 : 0));
    }
    assertEquals(Map.of(Event.Kind.PERSON, 100, Event.Kind.AUCTION, 300, Event.Kind.BID, 4600), counts);
  }

  @Test
  void newPeopleAndAuctionsGetConsecutiveIdsFrom1000AndTimeAdvancesAtTheRate() {
    List<Event> events = generate(new NexmarkGenerator(NexmarkConfig.withRate(2000)), N);
    long person = 1000;
    long auction = 1000;
    for (int i = 0; i < N; i++) {
      Event e = events.get(i);
      // 2000 events per second: event i happens i / 2 ms after the base time.
      assertEquals(NexmarkConfig.DEFAULT_BASE_TIME + i / 2, e.dateTime(), "event " + i);
      if (e.person() != null) {
        assertEquals(person++, e.person().id());
      } else if (e.auction() != null) {
        assertEquals(auction++, e.auction().id());
        assertTrue(e.auction().expires() > e.auction().dateTime());
        assertTrue(e.auction().reserve() > e.auction().initialBid());
        assertTrue(e.auction().category() >= 10 && e.auction().category() < 15);
      }
    }
    assertEquals(1100, person);
    assertEquals(1300, auction);
  }

  /**
   * Half the bids go to the hot auction, three quarters come from the hot bidder and three
   * quarters of the auctions from the hot seller (plus the few random picks that hit them);
   * the rest stay within the active ids.
   */
  @Test
  void hotItemsAndIdRangesFollowTheStandardRatios() {
    long newestPerson = -1;
    long newestAuction = -1;
    int bids = 0;
    int hotAuctionBids = 0;
    int hotBidderBids = 0;
    int auctions = 0;
    int hotSellerAuctions = 0;
    long extraChars = 0;
    for (Event e : generate(new NexmarkGenerator(CONFIG), N)) {
      if (e.person() != null) {
        newestPerson = e.person().id();
      } else if (e.auction() != null) {
        Auction a = e.auction();
        newestAuction = a.id();
        auctions++;
        if (a.seller() == hotBlockStart(newestPerson)) {
          hotSellerAuctions++;
        }
        assertInRange(a.seller(), newestPerson - 999, newestPerson + 10, "seller");
      } else {
        Bid b = e.bid();
        bids++;
        if (b.auction() == hotBlockStart(newestAuction)) {
          hotAuctionBids++;
        }
        if (b.bidder() == hotBlockStart(newestPerson) + 1) {
          hotBidderBids++;
        }
        assertInRange(b.auction(), Math.max(1000, newestAuction - 100), newestAuction + 10, "auction");
        assertInRange(b.bidder(), newestPerson - 999, newestPerson + 10, "bidder");
        assertInRange(b.price(), 100, 100_000_000, "price");
        extraChars += b.extra().length();
      }
    }
    assertInRange(hotAuctionBids * 100 / bids, 47, 56, "percent of bids on the hot auction");
    assertInRange(hotBidderBids * 100 / bids, 72, 80, "percent of bids by the hot bidder");
    assertInRange(hotSellerAuctions * 100 / auctions, 65, 85, "percent of auctions by the hot seller");
    // A bid averages 100 bytes: 32 of fields, the rest padding.
    assertInRange(extraChars / bids, 64, 72, "average padding of a bid");
  }

  private static long hotBlockStart(long newestId) {
    return (newestId - 1000) / 100 * 100 + 1000;
  }

  private static void assertInRange(long value, long min, long max, String what) {
    assertTrue(value >= min && value <= max, what + " " + value + " not in [" + min + ", " + max + "]");
  }

  @Test
  void theSameIdGivesTheSameEventInAnyOrderAndInAnyInstance() {
    NexmarkGenerator a = new NexmarkGenerator(CONFIG);
    NexmarkGenerator b = new NexmarkGenerator(CONFIG);
    List<Event> forwards = generate(a, N);
    for (int i = N - 1; i >= 0; i--) {
      assertEquals(forwards.get(i), b.generate(i), "event " + i);
    }
    // A different first event id shifts the ids, and with them every random choice.
    NexmarkGenerator shifted = new NexmarkGenerator(new NexmarkConfig(10_000, NexmarkConfig.DEFAULT_BASE_TIME, 50));
    assertEquals(forwards.get(60).bid().extra(), shifted.generate(10).bid().extra());
  }

  @Test
  void parallelReadersTogetherMakeEveryEventExactlyOnceInTimeOrder() throws Exception {
    int n = 1000;
    Map<Event, Integer> expected = new HashMap<>();
    for (Event e : generate(new NexmarkGenerator(CONFIG), n)) {
      expected.merge(e, 1, Integer::sum);
    }
    for (int p : new int[] {1, 3, 4}) {
      Map<Event, Integer> actual = new HashMap<>();
      for (int k = 0; k < p; k++) {
        List<Event> read = readAll(new NexmarkSource(CONFIG, n).createReader(TestSubtasks.of(k, p)));
        for (int i = 1; i < read.size(); i++) {
          assertTrue(read.get(i - 1).dateTime() <= read.get(i).dateTime(), "subtask " + k + " of " + p);
        }
        read.forEach(e -> actual.merge(e, 1, Integer::sum));
      }
      assertEquals(expected, actual, "parallelism " + p);
    }
  }

  @Test
  void eventsAreATypeWeftCanSerialize() {
    assertNotNull(TypeInfo.of(Event.class).createSerializer());
  }

  private static List<Event> readAll(SourceReader<Event> reader) throws Exception {
    List<Event> events = new ArrayList<>();
    ReaderOutput<Event> output = new ReaderOutput<>() {
      @Override
      public void collect(Event value) {
        events.add(value);
      }

      @Override
      public void collect(Event value, long timestamp) {
        events.add(value);
      }
    };
    while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
      // keep reading
    }
    reader.close();
    return events;
  }

}
