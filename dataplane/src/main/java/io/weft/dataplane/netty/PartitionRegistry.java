package io.weft.dataplane.netty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The producer channels of one TaskManager that remote consumers may request. A request may come
 * before its producer is deployed (TaskManagers receive their tasks independently): it then waits
 * here until the channel is registered.
 */
public final class PartitionRegistry {
  private record Key(String partitionId, int subpartition) {}

  private final Map<Key, ProducerChannel> channels = new HashMap<>();
  private final Map<Key, List<Consumer<ProducerChannel>>> waiting = new HashMap<>();

  public void register(ProducerChannel channel) {
    Key key = new Key(channel.partitionId(), channel.subpartition());
    List<Consumer<ProducerChannel>> waiters;
    synchronized (this) {
      if (channels.putIfAbsent(key, channel) != null) {
        throw new IllegalStateException(channel + " is already registered");
      }
      waiters = waiting.remove(key);
    }
    channel.registeredIn(this);
    if (waiters != null) {
      waiters.forEach(w -> w.accept(channel));
    }
  }

  public synchronized void unregister(ProducerChannel channel) {
    channels.remove(new Key(channel.partitionId(), channel.subpartition()), channel);
  }

  /** Channels registered now. */
  public synchronized int size() {
    return channels.size();
  }

  /** Requests waiting for a channel not registered yet (tests observe them instead of sleeping). */
  synchronized int waitingRequests() {
    return waiting.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The channel, or null after queueing {@code waiter} to be given the channel once it is
   * registered (on the registering thread).
   */
  synchronized ProducerChannel lookupOrWait(String partitionId, int subpartition, Consumer<ProducerChannel> waiter) {
    Key key = new Key(partitionId, subpartition);
    ProducerChannel channel = channels.get(key);
    if (channel == null) {
      waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(waiter);
    }
    return channel;
  }

  /** Withdraws a waiter; false if it was already given its channel. */
  synchronized boolean cancelWait(String partitionId, int subpartition, Consumer<ProducerChannel> waiter) {
    Key key = new Key(partitionId, subpartition);
    List<Consumer<ProducerChannel>> waiters = waiting.get(key);
    if (waiters == null || !waiters.remove(waiter)) {
      return false;
    }
    if (waiters.isEmpty()) {
      waiting.remove(key);
    }
    return true;
  }
}
