package io.weft.examples.nexmark;

import java.io.Serializable;

/**
 * What the Nexmark generator needs to know. The constants are the standard generator's defaults
 * (the Nexmark paper, Apache Beam's and the Flink Nexmark suite's configuration); what a run may
 * change is the event rate (events per second of event time), the time of event 0 and the id of
 * event 0.
 *
 * @param eventsPerSecond how fast event time advances: event n happens n / eventsPerSecond s after baseTime
 * @param baseTime event time of event 0, epoch milliseconds; fixed (not the clock) so runs repeat exactly
 * @param firstEventId the id of event 0; ids seed each event's random choices
 */
public record NexmarkConfig(long eventsPerSecond, long baseTime, long firstEventId) implements Serializable {
  /** Per 50 events: 1 person, 3 auctions, 46 bids, in that order. */
  public static final int PERSON_PROPORTION = 1;
  public static final int AUCTION_PROPORTION = 3;
  public static final int BID_PROPORTION = 46;
  public static final int TOTAL_PROPORTION = PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;

  /** Ids start above 0 so that small runs still find matches in queries that look for ids. */
  public static final long FIRST_PERSON_ID = 1000;
  public static final long FIRST_AUCTION_ID = 1000;
  public static final long FIRST_CATEGORY_ID = 10;
  public static final int NUM_CATEGORIES = 5;

  /** Bids and auctions name one of the latest 1000 people (plus a few not yet created). */
  public static final int NUM_ACTIVE_PEOPLE = 1000;
  /** Random bids go to one of the latest 100 auctions (plus a few not yet created). */
  public static final int NUM_IN_FLIGHT_AUCTIONS = 100;
  /** How many ids ahead of the newest person or auction a random choice may reach. */
  public static final int PERSON_ID_LEAD = 10;
  public static final int AUCTION_ID_LEAD = 10;

  /** 1 in 2 bids goes to the hot auction, the first of the latest block of HOT_BLOCK auctions. */
  public static final int HOT_AUCTION_RATIO = 2;
  /** 3 in 4 auctions are sold by the hot seller, the first of the latest block of HOT_BLOCK people. */
  public static final int HOT_SELLERS_RATIO = 4;
  /** 3 in 4 bids are made by the hot bidder, the second of the latest block of HOT_BLOCK people. */
  public static final int HOT_BIDDERS_RATIO = 4;
  public static final int HOT_BLOCK = 100;

  /** Average sizes in bytes, reached by padding each event with an "extra" string. */
  public static final int AVG_PERSON_BYTES = 200;
  public static final int AVG_AUCTION_BYTES = 500;
  public static final int AVG_BID_BYTES = 100;

  public static final long DEFAULT_EVENTS_PER_SECOND = 10_000;
  /** 2024-01-01T00:00:00Z: on a 10 s boundary, so the queries' windows line up with event 0. */
  public static final long DEFAULT_BASE_TIME = 1_704_067_200_000L;

  public NexmarkConfig {
    if (eventsPerSecond <= 0) {
      throw new IllegalArgumentException("the event rate must be positive: " + eventsPerSecond);
    }
    if (firstEventId < 0) {
      throw new IllegalArgumentException("the first event id must not be negative: " + firstEventId);
    }
  }

  public static NexmarkConfig withRate(long eventsPerSecond) {
    return new NexmarkConfig(eventsPerSecond, DEFAULT_BASE_TIME, 0);
  }

  public static NexmarkConfig defaults() {
    return withRate(DEFAULT_EVENTS_PER_SECOND);
  }

  /** Event time of the event with sequence number {@code index} (0 for the first event). */
  public long timestamp(long index) {
    return baseTime + index * 1000 / eventsPerSecond;
  }
}
