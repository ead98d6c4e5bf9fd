package io.weft.connectors.kafka.source;

import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.connectors.kafka.serialization.DeserializationSchema;
import io.weft.connectors.kafka.serialization.KafkaRecordDeserializationSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Builds a {@link KafkaSource}; bootstrap servers, topics (or a pattern) and a deserializer are required. */
public final class KafkaSourceBuilder<T> {
  final Map<String, String> properties = new HashMap<>();
  List<String> topics;
  String topicPattern;
  OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
  boolean bounded;
  KafkaRecordDeserializationSchema<T> deserializer;
  Duration discoveryInterval = Duration.ZERO;
  boolean skipUndeserializable;
  Duration requestTimeout = Duration.ofSeconds(30);
  WatermarkStrategy<T> watermarkStrategy;

  KafkaSourceBuilder() {}

  public KafkaSourceBuilder<T> setBootstrapServers(String servers) {
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    return this;
  }

  public KafkaSourceBuilder<T> setTopics(String... topics) {
    this.topics = Arrays.asList(topics);
    this.topicPattern = null;
    return this;
  }

  public KafkaSourceBuilder<T> setTopics(List<String> topics) {
    return setTopics(topics.toArray(new String[0]));
  }

  /** Every topic whose name matches {@code pattern}; new ones are found by partition discovery. */
  public KafkaSourceBuilder<T> setTopicPattern(Pattern pattern) {
    this.topicPattern = pattern.pattern();
    this.topics = null;
    return this;
  }

  /** The consumer group: where offsets are committed for lag tools, and where committedOffsets() reads. */
  public KafkaSourceBuilder<T> setGroupId(String groupId) {
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return this;
  }

  public KafkaSourceBuilder<T> setStartingOffsets(OffsetsInitializer startingOffsets) {
    this.startingOffsets = startingOffsets;
    return this;
  }

  /** Bounded: read up to the latest offsets as they are when the reader starts, then end (batch runs). */
  public KafkaSourceBuilder<T> setBounded() {
    this.bounded = true;
    return this;
  }

  public KafkaSourceBuilder<T> setDeserializer(KafkaRecordDeserializationSchema<T> deserializer) {
    this.deserializer = deserializer;
    return this;
  }

  public KafkaSourceBuilder<T> setValueOnlyDeserializer(DeserializationSchema<T> valueSchema) {
    return setDeserializer(KafkaRecordDeserializationSchema.valueOnly(valueSchema));
  }

  /** Looks for new partitions (and, with a pattern, new topics) this often; zero turns it off. */
  public KafkaSourceBuilder<T> setPartitionDiscoveryInterval(Duration interval) {
    this.discoveryInterval = interval;
    return this;
  }

  /** Skip records the deserializer fails on (logged and counted) instead of failing the job. */
  public KafkaSourceBuilder<T> setSkipUndeserializableRecords(boolean skip) {
    this.skipUndeserializable = skip;
    return this;
  }

  /** How long metadata and offset look-ups may take before the reader fails, naming the brokers. */
  public KafkaSourceBuilder<T> setRequestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  /**
   * Watermarks made inside the source, per partition (Flink passes the strategy to fromSource;
   * here the source takes it): the subtask's watermark is the minimum over its partitions, idle
   * ones left out after the strategy's {@code withIdleness}. Without it, records carry their
   * Kafka timestamps and a job adds watermarks with assignTimestampsAndWatermarks.
   */
  public KafkaSourceBuilder<T> setWatermarkStrategy(WatermarkStrategy<T> strategy) {
    this.watermarkStrategy = strategy;
    return this;
  }

  /** Any other consumer property (isolation.level, security settings, ...). */
  public KafkaSourceBuilder<T> setProperty(String key, String value) {
    properties.put(key, value);
    return this;
  }

  public KafkaSourceBuilder<T> setProperties(Properties props) {
    props.stringPropertyNames().forEach(k -> properties.put(k, props.getProperty(k)));
    return this;
  }

  public KafkaSource<T> build() {
    if (!properties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("KafkaSource needs bootstrap servers: setBootstrapServers(\"host:9092\")");
    }
    if (topics == null && topicPattern == null) {
      throw new IllegalArgumentException("KafkaSource needs topics or a topic pattern: setTopics(...) or setTopicPattern(...)");
    }
    if (deserializer == null) {
      throw new IllegalArgumentException("KafkaSource needs a deserializer: setValueOnlyDeserializer(...) or setDeserializer(...)");
    }
    if (discoveryInterval.isNegative()) {
      throw new IllegalArgumentException("partition discovery interval must not be negative: " + discoveryInterval);
    }
    return new KafkaSource<>(this);
  }
}
