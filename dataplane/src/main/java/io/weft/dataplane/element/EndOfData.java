package io.weft.dataplane.element;

/**
 * A producer's input ended and its operators finished: no record or watermark follows on this
 * channel, but checkpoint barriers still do, until the job's final checkpoint completed and the
 * producer ends the channel with {@link EndOfPartition}. (Without a final checkpoint the producer
 * sends only {@link EndOfPartition}.)
 */
public final class EndOfData {
  public static final EndOfData INSTANCE = new EndOfData();

  private EndOfData() {}

  @Override
  public String toString() {
    return "EndOfData";
  }
}
