package io.weft.dataplane.channel;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * All the channels a subtask reads from, local and remote. Channels with data wait in a queue, so
 * reading never scans idle channels; the owner is woken whenever a channel gets data.
 */
public final class InputGate {
  private final InputChannel[] channels;
  private final ArrayDeque<Integer> available = new ArrayDeque<>();
  private final Runnable wakeOwner;
  private final boolean[] more = new boolean[1];
  /** Channels held back while a checkpoint's barriers align; touched by the owner only. */
  private final boolean[] blocked;
  /** Blocked channels that have data, to make available again on unblocking. */
  private final ArrayDeque<Integer> parked = new ArrayDeque<>();
  private final boolean[] isParked;
  private int lastChannel = -1;

  public InputGate(List<? extends InputChannel> channels, Runnable wakeOwner) {
    this.channels = channels.toArray(new InputChannel[0]);
    this.wakeOwner = wakeOwner;
    this.blocked = new boolean[this.channels.length];
    this.isParked = new boolean[this.channels.length];
    for (int i = 0; i < this.channels.length; i++) {
      this.channels[i].attach(this, i);
    }
  }

  public int numberOfChannels() {
    return channels.length;
  }

  /** Starts every channel; remote ones request their producer's data here. */
  public void open() throws IOException, InterruptedException {
    for (InputChannel c : channels) {
      c.open();
    }
  }

  /** Called by a channel (on any thread) that got data or failed. */
  public void channelBecameAvailable(int channel) {
    synchronized (available) {
      available.addLast(channel);
    }
    wakeOwner.run();
  }

  /**
   * The next item of any channel with data, or null if none has any; {@link #lastChannel()} tells
   * whose.
   *
   * @throws IOException when a channel failed; the message names it and the cause
   */
  public Object poll() throws IOException {
    while (true) {
      Integer channel;
      synchronized (available) {
        channel = available.pollFirst();
      }
      if (channel == null) {
        return null;
      }
      if (blocked[channel]) {
        if (!isParked[channel]) {
          isParked[channel] = true;
          parked.add(channel);
        }
        continue;
      }
      Object item = channels[channel].take(more);
      if (more[0]) {
        synchronized (available) {
          available.addLast(channel);
        }
      }
      if (item != null) {
        lastChannel = channel;
        return item;
      }
    }
  }

  /**
   * Holds a channel back: {@link #poll()} skips it until {@link #unblockAll()}. Exactly-once
   * checkpoints block each channel whose barrier arrived until every channel's has.
   */
  public void block(int channel) {
    blocked[channel] = true;
  }

  /** Reads blocked channels again, starting with those that got data meanwhile. */
  public void unblockAll() {
    Arrays.fill(blocked, false);
    if (parked.isEmpty()) {
      return;
    }
    synchronized (available) {
      for (Integer c : parked) {
        isParked[c] = false;
        available.addFirst(c);
      }
    }
    parked.clear();
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

  /** The fullest channel's fill, from 0 to 1. */
  public double maxFill() {
    double max = 0;
    for (InputChannel c : channels) {
      max = Math.max(max, c.fill());
    }
    return max;
  }

  /** Closes every channel. */
  public void close() {
    for (InputChannel c : channels) {
      c.close();
    }
  }
}
