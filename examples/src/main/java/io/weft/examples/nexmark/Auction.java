package io.weft.examples.nexmark;

import java.io.Serializable;

/** A new item put up for auction (Nexmark's "Auction"); prices in cents, times in epoch milliseconds. */
public record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime,
    long expires, long seller, long category, String extra) implements Serializable {}
