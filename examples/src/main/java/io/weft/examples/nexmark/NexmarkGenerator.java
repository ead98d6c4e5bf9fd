package io.weft.examples.nexmark;

import static io.weft.examples.nexmark.NexmarkConfig.AUCTION_ID_LEAD;
import static io.weft.examples.nexmark.NexmarkConfig.AUCTION_PROPORTION;
import static io.weft.examples.nexmark.NexmarkConfig.AVG_AUCTION_BYTES;
import static io.weft.examples.nexmark.NexmarkConfig.AVG_BID_BYTES;
import static io.weft.examples.nexmark.NexmarkConfig.AVG_PERSON_BYTES;
import static io.weft.examples.nexmark.NexmarkConfig.FIRST_AUCTION_ID;
import static io.weft.examples.nexmark.NexmarkConfig.FIRST_CATEGORY_ID;
import static io.weft.examples.nexmark.NexmarkConfig.FIRST_PERSON_ID;
import static io.weft.examples.nexmark.NexmarkConfig.HOT_AUCTION_RATIO;
import static io.weft.examples.nexmark.NexmarkConfig.HOT_BIDDERS_RATIO;
import static io.weft.examples.nexmark.NexmarkConfig.HOT_BLOCK;
import static io.weft.examples.nexmark.NexmarkConfig.HOT_SELLERS_RATIO;
import static io.weft.examples.nexmark.NexmarkConfig.NUM_ACTIVE_PEOPLE;
import static io.weft.examples.nexmark.NexmarkConfig.NUM_CATEGORIES;
import static io.weft.examples.nexmark.NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS;
import static io.weft.examples.nexmark.NexmarkConfig.PERSON_ID_LEAD;
import static io.weft.examples.nexmark.NexmarkConfig.PERSON_PROPORTION;
import static io.weft.examples.nexmark.NexmarkConfig.TOTAL_PROPORTION;

import io.weft.api.source.GeneratorFunction;
import java.util.SplittableRandom;

/**
 * The standard Nexmark event generator, as a pure function of the event's sequence number: the
 * kind comes from the event id modulo 50 (1 person, 3 auctions, 46 bids), the new person's or
 * auction's id from how many came before, the time from the event rate, and every random choice
 * from a random generator seeded with the event id. So any subtask can make any event, and the
 * same run gives the same events whatever the parallelism.
 *
 * <p>Hot items follow the standard generator: half the bids go to the first auction of the latest
 * block of 100, three quarters of the bids come from the second person of the latest block of
 * 100, three quarters of the auctions from the first. The others pick among the latest 100
 * auctions or 1000 people, a few ids ahead included (a bid may name an auction not yet created).
 * Not modelled: out-of-order groups (Nexmark's default of 1 means none) and rate shapes.
 */
public final class NexmarkGenerator implements GeneratorFunction<Event> {
  private static final long serialVersionUID = 1L;

  /** Few states and cities, so that queries filtering on them (Nexmark's Q3) find matches. */
  private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
      "Redmond", "Seattle", "Kent", "Cheyenne"};
  private static final String[] FIRST_NAMES = {"Ada", "Bruno", "Chen", "Dora", "Emil", "Farah", "Greta", "Hugo",
      "Ines", "Jonas", "Kira"};
  private static final String[] LAST_NAMES = {"Abbott", "Berg", "Costa", "Dahl", "Engel", "Fischer", "Graham",
      "Holm", "Ivanov"};

  private final NexmarkConfig config;

  public NexmarkGenerator(NexmarkConfig config) {
    this.config = config;
  }

  public NexmarkConfig config() {
    return config;
  }

  /** The event with sequence number {@code index} (0 for the first event of the run). */
  @Override
  public Event generate(long index) {
    long id = config.firstEventId() + index;
    long timestamp = config.timestamp(index);
    SplittableRandom random = new SplittableRandom(id);
    long slot = id % TOTAL_PROPORTION;
    if (slot < PERSON_PROPORTION) {
      return Event.of(person(id, random, timestamp));
    } else if (slot < PERSON_PROPORTION + AUCTION_PROPORTION) {
      return Event.of(auction(id, index, random, timestamp));
    } else {
      return Event.of(bid(id, random, timestamp));
    }
  }

  // ---- ids: how many people and auctions events before this one created ----

  /** The newest person's id (from 0) at event {@code id}: the one it creates if it is a person. */
  static long lastPersonId(long id) {
    long round = id / TOTAL_PROPORTION;
    long slot = id % TOTAL_PROPORTION;
    return round * PERSON_PROPORTION + Math.min(slot, PERSON_PROPORTION - 1);
  }

  /** The newest auction's id (from 0) at event {@code id}: the one it creates if it is an auction. */
  static long lastAuctionId(long id) {
    long round = id / TOTAL_PROPORTION;
    long slot = id % TOTAL_PROPORTION;
    if (slot < PERSON_PROPORTION) {
      // The people come first in a round: the newest auction is the previous round's last.
      return round * AUCTION_PROPORTION - 1;
    }
    return round * AUCTION_PROPORTION + Math.min(slot - PERSON_PROPORTION, AUCTION_PROPORTION - 1);
  }

  /** One of the active people (the latest 1000), or one of the next few to be created. */
  private static long randomPersonId(long id, SplittableRandom random) {
    long people = lastPersonId(id) + 1;
    long active = Math.min(people, NUM_ACTIVE_PEOPLE);
    return people - active + random.nextLong(active + PERSON_ID_LEAD);
  }

  /** One of the auctions likely still open (the latest 100), or one of the next few. */
  private static long randomAuctionId(long id, SplittableRandom random) {
    long newest = lastAuctionId(id);
    long oldest = Math.max(newest - NUM_IN_FLIGHT_AUCTIONS, 0);
    return oldest + random.nextLong(newest - oldest + 1 + AUCTION_ID_LEAD);
  }

  // ---- the three kinds ----

  private static Person person(long id, SplittableRandom random, long timestamp) {
    String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    String email = word(random, 7) + "@" + word(random, 5) + ".com";
    String card = creditCard(random);
    String city = CITIES[random.nextInt(CITIES.length)];
    String state = STATES[random.nextInt(STATES.length)];
    int size = 8 + name.length() + email.length() + card.length() + city.length() + state.length();
    return new Person(lastPersonId(id) + FIRST_PERSON_ID, name, email, card, city, state, timestamp,
        extra(random, size, AVG_PERSON_BYTES));
  }

  private Auction auction(long id, long index, SplittableRandom random, long timestamp) {
    long seller = random.nextInt(HOT_SELLERS_RATIO) > 0
        ? lastPersonId(id) / HOT_BLOCK * HOT_BLOCK
        : randomPersonId(id, random);
    long category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
    long initialBid = price(random);
    long expires = timestamp + auctionLength(index, random, timestamp);
    String itemName = word(random, 20);
    String description = word(random, 100);
    long reserve = initialBid + price(random);
    int size = 8 + itemName.length() + description.length() + 5 * 8;
    return new Auction(lastAuctionId(id) + FIRST_AUCTION_ID, itemName, description, initialBid, reserve, timestamp,
        expires, seller + FIRST_PERSON_ID, category, extra(random, size, AVG_AUCTION_BYTES));
  }

  /**
   * On average, an auction stays open until NUM_IN_FLIGHT_AUCTIONS more auctions have been
   * created, so that about that many are open at any time.
   */
  private long auctionLength(long index, SplittableRandom random, long timestamp) {
    long eventsUntilThen = (long) NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION / AUCTION_PROPORTION;
    long horizon = config.timestamp(index + eventsUntilThen) - timestamp;
    return 1 + random.nextLong(Math.max(2 * horizon, 1));
  }

  private static Bid bid(long id, SplittableRandom random, long timestamp) {
    long auction = random.nextInt(HOT_AUCTION_RATIO) > 0
        ? lastAuctionId(id) / HOT_BLOCK * HOT_BLOCK
        : randomAuctionId(id, random);
    // The hot bidder is the block's second person, so that it is not also the hot seller.
    long bidder = random.nextInt(HOT_BIDDERS_RATIO) > 0
        ? lastPersonId(id) / HOT_BLOCK * HOT_BLOCK + 1
        : randomPersonId(id, random);
    long price = price(random);
    return new Bid(auction + FIRST_AUCTION_ID, bidder + FIRST_PERSON_ID, price, timestamp,
        extra(random, 4 * 8, AVG_BID_BYTES));
  }

  // ---- values ----

  /** A price in cents from 1 dollar to 1 million dollars, evenly spread on a log scale. */
  static long price(SplittableRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** Lower-case letters with a space now and then, 3 to maxLength - 1 long before trimming. */
  private static String word(SplittableRandom random, int maxLength) {
    char[] chars = new char[3 + random.nextInt(maxLength - 3)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = random.nextInt(13) == 0 ? ' ' : (char) ('a' + random.nextInt(26));
    }
    return new String(chars).trim();
  }

  private static String creditCard(SplittableRandom random) {
    StringBuilder sb = new StringBuilder(19);
    for (int group = 0; group < 4; group++) {
      if (group > 0) {
        sb.append(' ');
      }
      int digits = random.nextInt(10_000);
      for (int div = 1000; div > 0; div /= 10) {
        sb.append((char) ('0' + digits / div % 10));
      }
    }
    return sb.toString();
  }

  /**
   * Padding that brings an event of {@code size} bytes to {@code average} bytes on average (within
   * ±20%), so that events weigh what the benchmark intends when they are copied or serialized.
   */
  private static String extra(SplittableRandom random, int size, int average) {
    if (size >= average) {
      return "";
    }
    int wanted = average - size;
    int spread = Math.round(wanted * 0.2f);
    int length = wanted - spread + (spread == 0 ? 0 : random.nextInt(2 * spread));
    char[] chars = new char[length];
    long bits = 0;
    for (int i = 0; i < length; i++) {
      // One random long gives 13 letters (26^13 < 2^62): far fewer calls than one per letter.
      if (i % 13 == 0) {
        bits = random.nextLong() >>> 2;
      }
      chars[i] = (char) ('a' + bits % 26);
      bits /= 26;
    }
    return new String(chars);
  }
}
