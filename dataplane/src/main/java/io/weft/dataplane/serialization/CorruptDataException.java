package io.weft.dataplane.serialization;

import java.io.IOException;

/** Bytes on a channel that the writer cannot have produced: names the channel and where. */
public final class CorruptDataException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String channel;
  private final long offset;

  public CorruptDataException(String channel, long offset, String problem, Throwable cause) {
    super("corrupt data on channel " + channel + " at byte offset " + offset + ": " + problem, cause);
    this.channel = channel;
    this.offset = offset;
  }

  public String channel() {
    return channel;
  }

  /** The byte offset in the channel's stream (records) or in the event (events). */
  public long offset() {
    return offset;
  }
}
