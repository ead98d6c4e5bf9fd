package io.weft.core.types;

import io.weft.api.tuple.Tuple;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a Tuple2..Tuple5 as one byte whose bit i is set when field i is null, followed by the
 * non-null fields in order.
 */
public final class TupleSerializer<T extends Tuple> implements TypeSerializer<T> {
  private final TypeSerializer<Object>[] fields;

  @SuppressWarnings("unchecked")
  public TupleSerializer(TypeSerializer<?>... fields) {
    if (fields.length < 2 || fields.length > 5) {
      throw new IllegalArgumentException("tuples have 2 to 5 fields, not " + fields.length);
    }
    this.fields = new TypeSerializer[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] == null) {
        throw new NullPointerException("serializer of tuple field " + i);
      }
      this.fields[i] = (TypeSerializer<Object>) fields[i];
    }
  }

  public int arity() {
    return fields.length;
  }

  public TypeSerializer<?> fieldSerializer(int pos) {
    return fields[pos];
  }

  @Override
  public void serialize(T value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("Tuple" + fields.length);
    }
    if (value.arity() != fields.length) {
      throw new IllegalArgumentException(
          "expected a Tuple" + fields.length + " but got a Tuple" + value.arity());
    }
    int nulls = 0;
    for (int i = 0; i < fields.length; i++) {
      if (value.getField(i) == null) {
        nulls |= 1 << i;
      }
    }
    out.writeByte(nulls);
    for (int i = 0; i < fields.length; i++) {
      Object f = value.getField(i);
      if (f != null) {
        fields[i].serialize(f, out);
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(DataInput in) throws IOException {
    int nulls = in.readUnsignedByte();
    if (nulls >>> fields.length != 0) {
      throw new IOException("corrupt input: null mask 0x" + Integer.toHexString(nulls) + " for a Tuple" + fields.length);
    }
    Tuple t = Tuple.ofArity(fields.length);
    for (int i = 0; i < fields.length; i++) {
      if ((nulls & (1 << i)) == 0) {
        t.setField(i, fields[i].deserialize(in));
      }
    }
    return (T) t;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T copy(T value) {
    if (value == null) {
      throw Io.nullValue("Tuple" + fields.length);
    }
    Tuple t = Tuple.ofArity(fields.length);
    for (int i = 0; i < fields.length; i++) {
      Object f = value.getField(i);
      t.setField(i, f == null ? null : fields[i].copy(f));
    }
    return (T) t;
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
