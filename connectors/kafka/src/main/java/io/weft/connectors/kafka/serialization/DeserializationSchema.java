package io.weft.connectors.kafka.serialization;

import java.io.IOException;
import java.io.Serializable;

/** Turns a message's bytes into an element. Shipped with the job's plan, so it must be serializable. */
@FunctionalInterface
public interface DeserializationSchema<T> extends Serializable {
  /** The element for {@code message} (null when the message has no value), or null to skip it. */
  T deserialize(byte[] message) throws IOException;
}
