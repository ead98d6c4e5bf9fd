package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;

/**
 * The wire shape that POJOs and records share: fields in groups of eight, each group preceded by a
 * byte whose bit i is set when field i of the group is null, so neither side needs a scratch buffer.
 */
final class NullMaskedFields {
  static final int GROUP = 8;

  private NullMaskedFields() {}

  /** Writes {@code value}'s fields, read through {@code getters} ({@code (Object)Object} each). */
  static void write(Object value, MethodHandle[] getters, boolean[] primitive, TypeSerializer<Object>[] fields,
      DataOutput out) throws IOException {
    int n = fields.length;
    for (int g = 0; g < n; g += GROUP) {
      int end = Math.min(n, g + GROUP);
      int nulls = 0;
      for (int i = g; i < end; i++) {
        if (!primitive[i] && get(getters[i], value) == null) {
          nulls |= 1 << (i - g);
        }
      }
      out.writeByte(nulls);
      for (int i = g; i < end; i++) {
        Object v = get(getters[i], value);
        if (v != null) {
          fields[i].serialize(v, out);
        }
      }
    }
  }

  /**
   * Reads the null mask of a group of {@code width} fields; a bit set beyond the group's last field
   * means the input is corrupt.
   */
  static int readMask(DataInput in, int width, Class<?> type) throws IOException {
    int nulls = in.readUnsignedByte();
    if (nulls >>> width != 0) {
      throw new IOException("corrupt input: null mask 0x" + Integer.toHexString(nulls) + " in a " + type.getName());
    }
    return nulls;
  }

  static Object get(MethodHandle getter, Object value) {
    try {
      return (Object) getter.invokeExact(value);
    } catch (Throwable t) {
      throw Reflection.rethrow(t);
    }
  }
}
