package io.weft.examples.nexmark;

/** Q8's output: a person who registered and put up an auction in the same 10 s window (its start). */
public record NewSeller(long id, String name, long windowStart) {
  /** "id|name|windowStart", the line JoinQueries writes (and Flink's side of the comparison). */
  public String line() {
    return id + "|" + name + "|" + windowStart;
  }
}
