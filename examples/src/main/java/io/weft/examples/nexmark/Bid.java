package io.weft.examples.nexmark;

import java.io.Serializable;

/** A bid on an auction (Nexmark's "Bid"); price in cents, time in epoch milliseconds. */
public record Bid(long auction, long bidder, long price, long dateTime, String extra) implements Serializable {}
