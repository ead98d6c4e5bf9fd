package io.weft.connectors.kafka.serialization;

import java.io.Serializable;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns an element into the Kafka record to send: topic, optional partition and key, value,
 * headers, timestamp. {@link #valueOnly} writes only a value to one topic, stamped with the
 * element's event time when it has one.
 */
@FunctionalInterface
public interface KafkaRecordSerializationSchema<T> extends Serializable {
  /** The record for {@code element}; {@code timestamp} is its event time, or null. */
  ProducerRecord<byte[], byte[]> serialize(T element, Long timestamp);

  static <T> KafkaRecordSerializationSchema<T> valueOnly(String topic, SerializationSchema<T> valueSchema) {
    return (element, timestamp) -> new ProducerRecord<>(topic, null, timestamp, null, valueSchema.serialize(element));
  }

  /** Key and value from their own schemas, so equal keys land in the same partition. */
  static <T> KafkaRecordSerializationSchema<T> keyAndValue(String topic, SerializationSchema<T> keySchema,
      SerializationSchema<T> valueSchema) {
    return (element, timestamp) -> new ProducerRecord<>(topic, null, timestamp, keySchema.serialize(element),
        valueSchema.serialize(element));
  }
}
