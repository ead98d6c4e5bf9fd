package io.weft.core.types;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Writes a {@link List} as a varint size, a flag byte saying whether any element is null, and the
 * elements; only when the flag is set does each element get a presence byte, so lists without
 * nulls pay one byte in total. Read back as an {@link ArrayList}.
 */
public final class ListSerializer<E> implements TypeSerializer<List<E>> {
  private final TypeSerializer<E> elements;

  public ListSerializer(TypeSerializer<E> elements) {
    this.elements = Objects.requireNonNull(elements, "elements");
  }

  public TypeSerializer<E> elementSerializer() {
    return elements;
  }

  @Override
  public void serialize(List<E> value, DataOutput out) throws IOException {
    if (value == null) {
      throw Io.nullValue("List");
    }
    int size = value.size();
    VarInts.writeVarInt(out, size);
    boolean hasNull = hasNull(value);
    out.writeBoolean(hasNull);
    if (value instanceof RandomAccess) {
      for (int i = 0; i < size; i++) {
        write(value.get(i), hasNull, out);
      }
    } else {
      for (E e : value) {
        write(e, hasNull, out);
      }
    }
  }

  private void write(E e, boolean hasNull, DataOutput out) throws IOException {
    if (hasNull) {
      out.writeBoolean(e != null);
      if (e == null) {
        return;
      }
    }
    elements.serialize(e, out);
  }

  private static boolean hasNull(List<?> list) {
    if (list instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) {
        if (list.get(i) == null) {
          return true;
        }
      }
      return false;
    }
    for (Object e : list) {
      if (e == null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<E> deserialize(DataInput in) throws IOException {
    int size = BoundedIo.readLength(in, "a list");
    boolean hasNull = in.readBoolean();
    ArrayList<E> list = new ArrayList<>(BoundedIo.initialCapacity(size));
    for (int i = 0; i < size; i++) {
      list.add(hasNull && !in.readBoolean() ? null : elements.deserialize(in));
    }
    return list;
  }

  @Override
  public List<E> copy(List<E> value) {
    if (value == null) {
      throw Io.nullValue("List");
    }
    ArrayList<E> list = new ArrayList<>(value.size());
    for (E e : value) {
      list.add(e == null ? null : elements.copy(e));
    }
    return list;
  }

  @Override
  public int fixedLength() {
    return -1;
  }
}
