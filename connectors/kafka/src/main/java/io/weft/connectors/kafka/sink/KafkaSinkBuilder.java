package io.weft.connectors.kafka.sink;

import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds a {@link KafkaSink}; bootstrap servers and a record serializer are required. */
public final class KafkaSinkBuilder<T> {
  private final Map<String, String> properties = new HashMap<>();
  private KafkaRecordSerializationSchema<T> serializer;
  private DeliveryGuarantee guarantee = DeliveryGuarantee.NONE;
  private String transactionalIdPrefix;

  KafkaSinkBuilder() {}

  public KafkaSinkBuilder<T> setBootstrapServers(String servers) {
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    return this;
  }

  public KafkaSinkBuilder<T> setRecordSerializer(KafkaRecordSerializationSchema<T> serializer) {
    this.serializer = serializer;
    return this;
  }

  public KafkaSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee guarantee) {
    this.guarantee = guarantee;
    return this;
  }

  /**
   * The start of every transactional.id this sink uses ({@code <prefix>-<subtask>-<n>}). Required
   * for EXACTLY_ONCE, and must differ between jobs writing to the same cluster: a restore aborts
   * the open transactions under its prefix.
   */
  public KafkaSinkBuilder<T> setTransactionalIdPrefix(String prefix) {
    this.transactionalIdPrefix = prefix;
    return this;
  }

  /** Any other producer property (transaction.timeout.ms, compression.type, security settings, ...). */
  public KafkaSinkBuilder<T> setProperty(String key, String value) {
    properties.put(key, value);
    return this;
  }

  public KafkaSinkBuilder<T> setKafkaProducerConfig(Properties props) {
    props.stringPropertyNames().forEach(k -> properties.put(k, props.getProperty(k)));
    return this;
  }

  public KafkaSink<T> build() {
    if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("KafkaSink needs bootstrap servers: setBootstrapServers(\"host:9092\")");
    }
    if (serializer == null) {
      throw new IllegalArgumentException("KafkaSink needs a record serializer: setRecordSerializer(...)");
    }
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
      throw new IllegalArgumentException("KafkaSink EXACTLY_ONCE needs a transactional id prefix, unique per job: "
          + "setTransactionalIdPrefix(\"my-job\")");
    }
    if (properties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
      throw new IllegalArgumentException("KafkaSink sets transactional.id itself; use setTransactionalIdPrefix");
    }
    return new KafkaSink<>(properties, serializer, guarantee, transactionalIdPrefix);
  }
}
