package io.weft.dataplane.element;

/** The last thing a producer sends on a channel: nothing follows. */
public final class EndOfPartition {
  public static final EndOfPartition INSTANCE = new EndOfPartition();

  private EndOfPartition() {}

  @Override
  public String toString() {
    return "EndOfPartition";
  }
}
