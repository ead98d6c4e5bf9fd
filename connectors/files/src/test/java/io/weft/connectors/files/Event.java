package io.weft.connectors.files;

import java.util.Objects;

/** A test event: a key, its event time and a sequence number unique over the input. */
public class Event implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public String key;
  public long time;
  public long seq;

  public Event() {}

  public Event(String key, long time, long seq) {
    this.key = key;
    this.time = time;
    this.seq = seq;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e && e.key.equals(key) && e.time == time && e.seq == seq;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, time, seq);
  }

  @Override
  public String toString() {
    return key + "@" + time + "#" + seq;
  }
}
