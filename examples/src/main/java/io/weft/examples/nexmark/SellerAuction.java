package io.weft.examples.nexmark;

/** Q3's output: a seller in OR, ID or CA and one of their auctions in category 10. */
public record SellerAuction(String name, String city, String state, long auctionId) {
  /** "name|city|state|auctionId", the line JoinQueries writes (and Flink's side of the comparison). */
  public String line() {
    return name + "|" + city + "|" + state + "|" + auctionId;
  }
}
