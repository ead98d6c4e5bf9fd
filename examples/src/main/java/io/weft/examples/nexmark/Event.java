package io.weft.examples.nexmark;

import java.io.Serializable;

/**
 * One Nexmark event: exactly one of person, auction and bid is set, as {@code kind} says. A
 * record with nullable components rather than a class hierarchy, because Weft's type system
 * serializes records and refuses abstract types (it could not tell which subclass to read back).
 * Serializable only so that fixed lists of events work with fromElements(), whose source is
 * copied to its subtasks within the JVM; records between tasks use Weft's own codec.
 */
public record Event(Kind kind, Person person, Auction auction, Bid bid) implements Serializable {
  public enum Kind { PERSON, AUCTION, BID }

  public static Event of(Person person) {
    return new Event(Kind.PERSON, person, null, null);
  }

  public static Event of(Auction auction) {
    return new Event(Kind.AUCTION, null, auction, null);
  }

  public static Event of(Bid bid) {
    return new Event(Kind.BID, null, null, bid);
  }

  /** When the event happened (event time, epoch milliseconds). */
  public long dateTime() {
    return switch (kind) {
      case PERSON -> person.dateTime();
      case AUCTION -> auction.dateTime();
      case BID -> bid.dateTime();
    };
  }
}
