package io.weft.api.sink.twophase;

import java.io.IOException;

/**
 * Writes a committable into checkpoint state and reads it back, with a version so that a newer
 * sink can read what an older one wrote (Flink's {@code SimpleVersionedSerializer}).
 */
public interface CommittableSerializer<C> extends java.io.Serializable {
  int getVersion();

  byte[] serialize(C committable) throws IOException;

  /** Reads a committable that version {@code version} of this serializer wrote. */
  C deserialize(int version, byte[] serialized) throws IOException;
}
