package io.weft.dataplane.partition;

import io.weft.api.functions.KeySelector;
import io.weft.core.plan.KeyGroups;
import io.weft.core.plan.Partitioning;

/** Picks the consumer channel of each element of one output edge. */
public abstract class ChannelSelector {
  /** Returned by {@link #select} for an element that goes to every channel. */
  public static final int ALL = -1;

  /** The channel for {@code value}, or {@link #ALL}. */
  public abstract int select(Object value) throws Exception;

  /** The selector for a partitioning over {@code channels} consumer subtasks. */
  public static ChannelSelector of(Partitioning partitioning, int channels, int producerSubtask, int maxParallelism) {
    switch (partitioning.kind()) {
      case FORWARD:
        return new Fixed(0);
      case BROADCAST:
        return new Fixed(ALL);
      case REBALANCE:
        // Producers start at different channels so that small streams still spread out.
        return new RoundRobin(channels, producerSubtask % channels);
      case HASH:
        return new ByKeyGroup(partitioning.keySelector(), channels, maxParallelism);
      default:
        throw new IllegalArgumentException("unknown partitioning " + partitioning);
    }
  }

  private static final class Fixed extends ChannelSelector {
    private final int channel;

    Fixed(int channel) {
      this.channel = channel;
    }

    @Override
    public int select(Object value) {
      return channel;
    }
  }

  private static final class RoundRobin extends ChannelSelector {
    private final int channels;
    private int next;

    RoundRobin(int channels, int start) {
      this.channels = channels;
      this.next = start;
    }

    @Override
    public int select(Object value) {
      int c = next;
      next = c + 1 == channels ? 0 : c + 1;
      return c;
    }
  }

  private static final class ByKeyGroup extends ChannelSelector {
    @SuppressWarnings("rawtypes")
    private final KeySelector key;
    private final int channels;
    private final int maxParallelism;

    ByKeyGroup(KeySelector<?, ?> key, int channels, int maxParallelism) {
      this.key = key;
      this.channels = channels;
      this.maxParallelism = maxParallelism;
    }

    @Override
    @SuppressWarnings("unchecked")
    public int select(Object value) throws Exception {
      Object k = key.getKey(value);
      if (k == null) {
        throw new NullPointerException("the key selector returned null for " + value + "; keys must not be null");
      }
      return KeyGroups.subtaskForKey(k, maxParallelism, channels);
    }
  }
}
