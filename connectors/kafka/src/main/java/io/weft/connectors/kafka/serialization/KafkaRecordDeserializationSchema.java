package io.weft.connectors.kafka.serialization;

import java.io.IOException;
import java.io.Serializable;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a whole Kafka record (key, value, headers, timestamp, topic, partition, offset) into an
 * element. {@link #valueOnly} adapts a schema that only looks at the value.
 */
@FunctionalInterface
public interface KafkaRecordDeserializationSchema<T> extends Serializable {
  /** The element for {@code record}, or null to skip it. */
  T deserialize(ConsumerRecord<byte[], byte[]> record) throws IOException;

  static <T> KafkaRecordDeserializationSchema<T> valueOnly(DeserializationSchema<T> valueSchema) {
    return record -> valueSchema.deserialize(record.value());
  }
}
