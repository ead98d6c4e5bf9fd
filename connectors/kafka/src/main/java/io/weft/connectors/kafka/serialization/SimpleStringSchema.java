package io.weft.connectors.kafka.serialization;

import java.nio.charset.StandardCharsets;

/** UTF-8 strings both ways. */
public final class SimpleStringSchema implements DeserializationSchema<String>, SerializationSchema<String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String deserialize(byte[] message) {
    return message == null ? null : new String(message, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] serialize(String element) {
    return element.getBytes(StandardCharsets.UTF_8);
  }
}
