package io.weft.examples.nexmark;

/** Q3's output: a seller in OR, ID or CA and one of their auctions in category 10. */
public record SellerAuction(String name, String city, String state, long auctionId) {}
