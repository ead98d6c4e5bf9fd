package io.weft.examples.nexmark;

import java.util.ArrayList;
import java.util.List;

/** Q7's partial result: the highest bids (all of equal price) one subtask saw in the window ending at windowEnd. */
public record WindowHighest(long windowEnd, List<Bid> bids) {

  /** The higher of two partial results; both together when their prices tie. Neither is changed. */
  public static WindowHighest higher(WindowHighest a, WindowHighest b) {
    long pa = a.bids().get(0).price();
    long pb = b.bids().get(0).price();
    if (pa != pb) {
      return pa > pb ? a : b;
    }
    List<Bid> both = new ArrayList<>(a.bids());
    both.addAll(b.bids());
    return new WindowHighest(a.windowEnd(), both);
  }
}
