package io.weft.connectors.kafka.source;

import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.MetricGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka source subtask's lag, registered in its operator's metric group as Flink's Kafka source
 * does: per partition, in group {@code KafkaSourceReader.topic.<topic>.partition.<partition>},
 * {@code currentOffset} (the last record read), {@code committedOffset} (the offset committed to the
 * group on the latest completed checkpoint) and {@code pendingRecords} (records in the partition
 * after the reader's position); for the subtask, {@code pendingRecords} summed over its partitions and
 * {@code currentEmitEventTimeLag} (now minus the event time of the last record emitted) and, with
 * watermarks, {@code watermarkLag} (now minus the latest watermark). The task's
 * thread writes the figures, the heartbeat thread reads them.
 */
final class KafkaSourceMetrics {
  private final MetricGroup reader;
  private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
  private volatile long lastEventTime = Long.MIN_VALUE;

  private static final class Partition {
    volatile long position = -1;
    volatile long committed = -1;
    volatile long pending = -1;
  }

  /**
   * @param watermarks the source's per-partition watermarks, for {@code watermarkLag} (now minus the
   *     subtask's latest watermark: the event-time lag); null without a watermark strategy
   */
  KafkaSourceMetrics(MetricGroup operator, PartitionWatermarks<?> watermarks) {
    this.reader = operator.addGroup("KafkaSourceReader");
    if (watermarks != null) {
      operator.gauge("watermarkLag", (Gauge<Long>) () -> {
        long w = watermarks.emitted();
        return w == Long.MIN_VALUE ? null : Math.max(0, System.currentTimeMillis() - w);
      });
    }
    operator.gauge("pendingRecords", (Gauge<Long>) this::pendingTotal);
    operator.gauge("currentEmitEventTimeLag", (Gauge<Long>) () -> {
      long t = lastEventTime;
      return t == Long.MIN_VALUE ? null : Math.max(0, System.currentTimeMillis() - t);
    });
  }

  /** Registers a partition the subtask reads from now on. */
  void add(TopicPartition tp) {
    partitions.computeIfAbsent(tp, p -> {
      Partition part = new Partition();
      MetricGroup group = reader.addGroup("topic", tp.topic()).addGroup("partition", Integer.toString(tp.partition()));
      group.gauge("currentOffset", (Gauge<Long>) () -> part.position - 1);
      group.gauge("committedOffset", (Gauge<Long>) () -> part.committed);
      group.gauge("pendingRecords", (Gauge<Long>) () -> part.pending < 0 ? null : part.pending);
      return part;
    });
  }

  /** The reader's next offset in the partition. */
  void position(TopicPartition tp, long next) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.position = next;
    }
  }

  /** Records after the reader's position, when known. */
  void pending(TopicPartition tp, long records) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.pending = Math.max(0, records);
    }
  }

  void committed(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.committed = offset;
    }
  }

  void emitted(long eventTime) {
    lastEventTime = eventTime;
  }

  /** The sum over partitions whose backlog is known; null before any is. */
  private Long pendingTotal() {
    long sum = 0;
    boolean known = false;
    for (Partition p : partitions.values()) {
      if (p.pending >= 0) {
        sum += p.pending;
        known = true;
      }
    }
    return known ? sum : null;
  }
}
