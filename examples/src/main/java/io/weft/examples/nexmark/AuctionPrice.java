package io.weft.examples.nexmark;

/** Q2's result: a bid's auction and price. */
public record AuctionPrice(long auction, long price) {}
