package io.weft.worker.harness;

import io.weft.api.sink.twophase.CommittableSerializer;
import java.nio.charset.StandardCharsets;

/** Version 1: a test sink's {@code String} committables as their UTF-8 bytes. */
public final class Utf8CommittableSerializer implements CommittableSerializer<String> {
  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(String committable) {
    return committable.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String deserialize(int version, byte[] serialized) {
    return new String(serialized, StandardCharsets.UTF_8);
  }
}
