package io.weft.dataplane.netty;

import java.util.concurrent.ConcurrentHashMap;

/** The producer channels of one TaskManager that remote consumers may request. */
public final class PartitionRegistry {
  private record Key(String partitionId, int subpartition) {}

  private final ConcurrentHashMap<Key, ProducerChannel> channels = new ConcurrentHashMap<>();

  public void register(ProducerChannel channel) {
    Key key = new Key(channel.partitionId(), channel.subpartition());
    if (channels.putIfAbsent(key, channel) != null) {
      throw new IllegalStateException(channel + " is already registered");
    }
  }

  public void unregister(ProducerChannel channel) {
    channels.remove(new Key(channel.partitionId(), channel.subpartition()), channel);
  }

  ProducerChannel lookup(String partitionId, int subpartition) {
    return channels.get(new Key(partitionId, subpartition));
  }
}
