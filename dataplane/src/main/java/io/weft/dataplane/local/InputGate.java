package io.weft.dataplane.local;

import java.util.ArrayDeque;
import java.util.List;

/**
 * All the channels a subtask reads from. Channels with data wait in a queue, each at most once,
 * so reading never scans idle channels; the owner is woken whenever a channel gets data.
 */
public final class InputGate {
  private final LocalChannel[] channels;
  private final ArrayDeque<Integer> available = new ArrayDeque<>();
  private final Runnable wakeOwner;
  private final boolean[] more = new boolean[1];
  private int lastChannel = -1;

  public InputGate(List<LocalChannel> channels, Runnable wakeOwner) {
    this.channels = channels.toArray(new LocalChannel[0]);
    this.wakeOwner = wakeOwner;
    for (int i = 0; i < this.channels.length; i++) {
      this.channels[i].attach(this, i);
    }
  }

  public int numberOfChannels() {
    return channels.length;
  }

  void channelBecameAvailable(int channel) {
    synchronized (available) {
      available.addLast(channel);
    }
    wakeOwner.run();
  }

  /** The next item of any channel with data, or null if none has any; {@link #lastChannel()} tells whose. */
  public Object poll() {
    Integer channel;
    synchronized (available) {
      channel = available.pollFirst();
    }
    if (channel == null) {
      return null;
    }
    Object item = channels[channel].take(more);
    if (more[0]) {
      synchronized (available) {
        available.addLast(channel);
      }
    }
    lastChannel = channel;
    return item;
  }

  /** The channel the last {@link #poll()} read from. */
  public int lastChannel() {
    return lastChannel;
  }

  public boolean hasAvailable() {
    synchronized (available) {
      return !available.isEmpty();
    }
  }
}
