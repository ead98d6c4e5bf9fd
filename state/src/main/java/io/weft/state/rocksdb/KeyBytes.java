package io.weft.state.rocksdb;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * RocksDB keys: key group (2 bytes, big-endian, so that a key group's rows are contiguous and
 * ranges of key groups are ranges of keys), serialized key, serialized namespace and, for map
 * state, the serialized user key. Serializers are self-delimiting, so no encoding of a (key,
 * namespace) is a prefix of another's and a prefix scan finds exactly one entry's map rows.
 */
final class KeyBytes {
  private KeyBytes() {}

  static byte[] keyGroupPrefix(int keyGroup) {
    return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
  }

  static int keyGroupOf(byte[] key) {
    return ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
  }

  static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** A byte stream whose contents can be read without copying. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(64);
    }

    /** The contents with {@code prefix} in front. */
    byte[] withPrefix(byte[] prefix) {
      byte[] b = Arrays.copyOf(prefix, prefix.length + count);
      System.arraycopy(buf, 0, b, prefix.length, count);
      return b;
    }
  }
}
