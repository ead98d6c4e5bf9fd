package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary codec of one type. Every record that crosses the network or goes into a checkpoint is
 * written by one of these, never by Java serialization (deserializing arbitrary classes from the
 * wire is a remote code execution hole).
 *
 * <p>Codecs use {@link DataOutput}/{@link DataInput} so that netty's ByteBuf streams and plain
 * {@code java.io} streams both work. Implementations in this package are stateless and therefore
 * thread-safe. Plain serializers reject {@code null} with a {@link NullPointerException}; wrap one
 * in {@link NullableSerializer} where null is a legal value.
 */
public interface TypeSerializer<T> {

  void serialize(T value, DataOutput out) throws IOException;

  /**
   * Reads one value. Truncated input raises {@link java.io.EOFException}; input that cannot have
   * been written by this serializer raises another {@link IOException}.
   */
  T deserialize(DataInput in) throws IOException;

  /** A deep copy of a mutable value; an immutable value is returned as is. */
  T copy(T value);

  /** The number of bytes {@link #serialize} writes if that is the same for every value, else -1. */
  int fixedLength();
}
