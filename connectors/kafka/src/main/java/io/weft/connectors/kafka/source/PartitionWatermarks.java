package io.weft.connectors.kafka.source;

import io.weft.api.eventtime.TimestampAssigner;
import io.weft.api.eventtime.WatermarkGenerator;
import io.weft.api.eventtime.WatermarkOutput;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.source.ReaderOutput;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Event time per partition, as Flink's Kafka source keeps it: each partition has its own generator
 * from the source's {@link WatermarkStrategy}, so one partition running ahead cannot make another's
 * records late; the subtask's watermark is the minimum over its partitions that are not idle
 * (idleness from {@code withIdleness}), and the subtask is idle when all of them are.
 */
final class PartitionWatermarks<T> {
  /** One partition's generator and what it last said. */
  private static final class Partition implements WatermarkOutput {
    final WatermarkGenerator<Object> generator;
    long watermark = Long.MIN_VALUE;
    boolean idle;

    Partition(WatermarkGenerator<Object> generator) {
      this.generator = generator;
    }

    @Override
    public void emitWatermark(long timestamp) {
      watermark = Math.max(watermark, timestamp);
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  }

  private final WatermarkStrategy<T> strategy;
  private final TimestampAssigner<T> assigner;
  private final long intervalMillis;
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  private long nextEmit;
  /** The latest watermark emitted, for the watermarkLag metric (read by the heartbeat thread). */
  private volatile long emitted = Long.MIN_VALUE;

  PartitionWatermarks(WatermarkStrategy<T> strategy, long intervalMillis) {
    this.strategy = strategy;
    this.assigner = strategy.createTimestampAssigner();
    this.intervalMillis = intervalMillis;
  }

  /** The element's event time (the strategy's assigner over the record's timestamp), fed to its partition. */
  @SuppressWarnings("unchecked")
  long onEvent(TopicPartition tp, T value, long recordTimestamp) {
    long timestamp = assigner.extractTimestamp(value, recordTimestamp);
    Partition p = partitions.computeIfAbsent(tp, k -> new Partition(
        (WatermarkGenerator<Object>) strategy.createWatermarkGenerator(System::currentTimeMillis)));
    p.generator.onEvent(value, timestamp, p);
    return timestamp;
  }

  /** A partition this subtask reads, even before its first record: it holds the watermark back until then. */
  @SuppressWarnings("unchecked")
  void add(TopicPartition tp) {
    partitions.computeIfAbsent(tp, k -> new Partition(
        (WatermarkGenerator<Object>) strategy.createWatermarkGenerator(System::currentTimeMillis)));
  }

  /** Every auto-watermark interval: asks each partition's generator, and emits the combined watermark. */
  void maybeEmit(ReaderOutput<T> output) {
    long now = System.currentTimeMillis();
    if (now < nextEmit) {
      return;
    }
    nextEmit = now + intervalMillis;
    long min = Long.MAX_VALUE;
    boolean anyActive = false;
    for (Partition p : partitions.values()) {
      p.generator.onPeriodicEmit(p);
      if (!p.idle) {
        anyActive = true;
        min = Math.min(min, p.watermark);
      }
    }
    if (!anyActive) {
      output.markIdle();
    } else if (min > Long.MIN_VALUE) {
      output.emitWatermark(min);
      emitted = Math.max(emitted, min);
    }
  }

  /** The latest watermark emitted, or Long.MIN_VALUE before the first. */
  long emitted() {
    return emitted;
  }
}
