package io.weft.it.yarn.jobs;

/** An event of {@link HourlyParquetJob}: its key, event time, sequence number and running count per key. */
public class HourlyEvent {
  public String key;
  public long time;
  public long seq;
  public long count;

  public HourlyEvent() {}

  public HourlyEvent(String key, long time, long seq, long count) {
    this.key = key;
    this.time = time;
    this.seq = seq;
    this.count = count;
  }
}
