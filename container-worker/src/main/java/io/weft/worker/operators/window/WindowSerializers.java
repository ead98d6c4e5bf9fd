package io.weft.worker.operators.window;

import io.weft.api.windowing.assigners.MergingWindowAssigner;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.windows.GlobalWindow;
import io.weft.api.windowing.windows.GlobalWindowSerializer;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.TimeWindowSerializer;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * How window state is written: the serializer of an assigner's windows (the namespace of window
 * contents, trigger state and timers, and the keys of the merging window set). Weft writes the
 * windows it defines, {@link TimeWindow} and {@link GlobalWindow}; other windows stay on the heap
 * and cannot be checkpointed, which {@link Unwritable} says when it is tried.
 */
final class WindowSerializers {
  private WindowSerializers() {}

  /** The serializer of the assigner's windows, or null when they are not a type Weft writes. */
  static TypeSerializer<?> serializerOf(WindowAssigner<?, ?> assigner) {
    Class<?> window = windowClass(assigner.getClass());
    if (window == TimeWindow.class) {
      return TimeWindowSerializer.INSTANCE;
    }
    if (window == GlobalWindow.class) {
      return GlobalWindowSerializer.INSTANCE;
    }
    return null;
  }

  /** The window type argument where the assigner's class hierarchy binds it to a class. */
  private static Class<?> windowClass(Class<?> c) {
    for (; c != null && c != Object.class; c = c.getSuperclass()) {
      Type s = c.getGenericSuperclass();
      if (s instanceof ParameterizedType p && (p.getRawType() == WindowAssigner.class
          || p.getRawType() == MergingWindowAssigner.class) && p.getActualTypeArguments()[1] instanceof Class<?> w) {
        return w;
      }
    }
    return null;
  }

  /** A type whose values the given serializer writes (windows as keys and values of map state). */
  static <W> TypeInfo<W> typeInfo(TypeSerializer<W> serializer, Class<W> type) {
    return new TypeInfo<>() {
      @Override
      public Class<W> typeClass() {
        return type;
      }

      @Override
      public TypeSerializer<W> createSerializer() {
        return serializer;
      }

      @Override
      public String toString() {
        return type.getSimpleName();
      }
    };
  }

  /** Stands in for the serializer of windows Weft cannot write: fine on the heap until a checkpoint. */
  static final class Unwritable implements TypeSerializer<Object> {
    static final Unwritable INSTANCE = new Unwritable();

    private Unwritable() {}

    @Override
    public void serialize(Object value, DataOutput out) throws IOException {
      throw new IOException("window " + value + " cannot be written: only TimeWindow and GlobalWindow windows can be"
          + " checkpointed or kept in RocksDB");
    }

    @Override
    public Object deserialize(DataInput in) throws IOException {
      throw new IOException("windows of an unknown type cannot be read");
    }

    @Override
    public Object copy(Object value) {
      return value;
    }

    @Override
    public int fixedLength() {
      return -1;
    }
  }
}
