package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes an enum constant as its ordinal (a varint). Reordering or removing constants therefore
 * changes the meaning of stored state; appending new constants is safe.
 */
public final class EnumSerializer<E extends Enum<E>> implements TypeSerializer<E> {
  private final Class<E> type;
  private final E[] values;

  public EnumSerializer(Class<E> type) {
    this.type = Objects.requireNonNull(type, "type");
    this.values = type.getEnumConstants();
    if (values == null) {
      throw new IllegalArgumentException(type.getName() + " is not an enum");
    }
  }

  @Override
  public void serialize(E value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue(TypeNames.of(type));
    }
    VarInts.writeVarInt(out, value.ordinal());
  }

  @Override
  public E deserialize(DataInput in) throws IOException {
    int ordinal = VarInts.readVarInt(in);
    if (ordinal < 0 || ordinal >= values.length) {
      throw new IOException(
          "corrupt input: ordinal " + ordinal + " is not a constant of " + type.getName()
              + " (it has " + values.length + ")");
    }
    return values[ordinal];
  }

  @Override
  public E copy(E value) {
    return value;
  }

  @Override
  public int fixedLength() {
    // A varint below 128 is one byte.
    return values.length <= 128 ? 1 : -1;
  }
}
