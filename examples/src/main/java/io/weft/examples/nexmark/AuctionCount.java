package io.weft.examples.nexmark;

/** Q5: how many bids an auction got in the window [windowStart, windowEnd) of event time. */
public record AuctionCount(long auction, long count, long windowStart, long windowEnd) {}
