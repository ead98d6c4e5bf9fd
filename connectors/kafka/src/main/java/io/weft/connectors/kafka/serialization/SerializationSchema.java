package io.weft.connectors.kafka.serialization;

import java.io.Serializable;

/** Turns an element into a message's bytes. Shipped with the job's plan, so it must be serializable. */
@FunctionalInterface
public interface SerializationSchema<T> extends Serializable {
  byte[] serialize(T element);
}
