package io.weft.connectors.kafka.source;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.Source;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.source.SourceReader;
import io.weft.connectors.kafka.serialization.KafkaRecordDeserializationSchema;
import io.weft.core.config.CoreOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads Kafka topics. Each subtask reads the partitions that {@link PartitionOwner} gives it; its
 * position (next offset per partition) is its checkpointed state, so a restore at any parallelism
 * neither loses nor repeats records. Offsets are committed back to the group when a checkpoint
 * completes, only for lag tools. Build one with {@link #builder()}.
 */
public final class KafkaSource<T> implements Source<T> {
  private static final long serialVersionUID = 1L;

  final Map<String, String> properties;
  final List<String> topics;
  final String topicPattern;
  final OffsetsInitializer startingOffsets;
  final boolean bounded;
  final KafkaRecordDeserializationSchema<T> deserializer;
  final Duration discoveryInterval;
  final boolean skipUndeserializable;
  final Duration requestTimeout;
  final WatermarkStrategy<T> watermarkStrategy;

  KafkaSource(KafkaSourceBuilder<T> b) {
    this.properties = Map.copyOf(b.properties);
    this.topics = b.topics == null ? null : List.copyOf(b.topics);
    this.topicPattern = b.topicPattern;
    this.startingOffsets = b.startingOffsets;
    this.bounded = b.bounded;
    this.deserializer = b.deserializer;
    this.discoveryInterval = b.discoveryInterval;
    this.skipUndeserializable = b.skipUndeserializable;
    this.requestTimeout = b.requestTimeout;
    this.watermarkStrategy = b.watermarkStrategy;
  }

  public static <T> KafkaSourceBuilder<T> builder() {
    return new KafkaSourceBuilder<>();
  }

  @Override
  public boolean isBounded() {
    return bounded;
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) {
    PartitionWatermarks<T> watermarks = watermarkStrategy == null ? null
        : new PartitionWatermarks<>(watermarkStrategy,
            context.configuration().get(CoreOptions.AUTO_WATERMARK_INTERVAL).toMillis());
    return new KafkaSourceReader<>(this, context.subtaskIndex(), context.parallelism(), watermarks,
        new KafkaSourceMetrics(context.metricGroup(), watermarks));
  }
}
