package io.weft.connectors.kafka.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a partition starts when no checkpoint says so: at the earliest or latest offset, at the
 * group's committed offset (with a fallback where it has none), at the first record at or after a
 * timestamp, or at explicit offsets. Also used for the stopping offsets of a bounded source.
 */
public abstract class OffsetsInitializer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a partition without a committed offset falls back to. */
  public enum ResetStrategy { EARLIEST, LATEST, NONE }

  /** The first offset to read for each of {@code partitions}. */
  abstract Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
      Duration timeout);

  public static OffsetsInitializer earliest() {
    return new OffsetsInitializer() {
      private static final long serialVersionUID = 1L;

      @Override
      Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        return consumer.beginningOffsets(partitions, timeout);
      }
    };
  }

  public static OffsetsInitializer latest() {
    return new OffsetsInitializer() {
      private static final long serialVersionUID = 1L;

      @Override
      Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        return consumer.endOffsets(partitions, timeout);
      }
    };
  }

  /** The group's committed offsets; a partition without one starts as {@code fallback} says. */
  public static OffsetsInitializer committedOffsets(ResetStrategy fallback) {
    return new OffsetsInitializer() {
      private static final long serialVersionUID = 1L;

      @Override
      Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions), timeout);
        Map<TopicPartition, Long> result = new HashMap<>();
        java.util.List<TopicPartition> missing = new java.util.ArrayList<>();
        for (TopicPartition tp : partitions) {
          OffsetAndMetadata o = committed.get(tp);
          if (o != null) {
            result.put(tp, o.offset());
          } else {
            missing.add(tp);
          }
        }
        if (!missing.isEmpty()) {
          switch (fallback) {
            case EARLIEST -> result.putAll(consumer.beginningOffsets(missing, timeout));
            case LATEST -> result.putAll(consumer.endOffsets(missing, timeout));
            case NONE -> throw new IllegalStateException("no committed offset for " + missing
                + " and the fallback is NONE; commit offsets for the group or choose EARLIEST or LATEST");
          }
        }
        return result;
      }
    };
  }

  public static OffsetsInitializer committedOffsets() {
    return committedOffsets(ResetStrategy.NONE);
  }

  /** The first record whose timestamp is at or after {@code timestampMillis}; the end where none is. */
  public static OffsetsInitializer timestamp(long timestampMillis) {
    return new OffsetsInitializer() {
      private static final long serialVersionUID = 1L;

      @Override
      Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, timestampMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
          OffsetAndTimestamp o = found.get(tp);
          result.put(tp, o != null ? o.offset() : end.get(tp));
        }
        return result;
      }
    };
  }

  /**
   * Explicit offsets per partition; a partition not in the map starts as {@code fallback} says.
   */
  public static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets, ResetStrategy fallback) {
    Map<TopicPartition, Long> copy = new HashMap<>(offsets);
    return new OffsetsInitializer() {
      private static final long serialVersionUID = 1L;

      @Override
      Map<TopicPartition, Long> offsets(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, Long> result = new HashMap<>();
        java.util.List<TopicPartition> missing = new java.util.ArrayList<>();
        for (TopicPartition tp : partitions) {
          if (copy.containsKey(tp)) {
            result.put(tp, copy.get(tp));
          } else {
            missing.add(tp);
          }
        }
        if (!missing.isEmpty()) {
          switch (fallback) {
            case EARLIEST -> result.putAll(consumer.beginningOffsets(missing, timeout));
            case LATEST -> result.putAll(consumer.endOffsets(missing, timeout));
            case NONE -> throw new IllegalStateException("no explicit starting offset for " + missing);
          }
        }
        return result;
      }
    };
  }

  public static OffsetsInitializer offsets(Map<TopicPartition, Long> offsets) {
    return offsets(offsets, ResetStrategy.EARLIEST);
  }
}
