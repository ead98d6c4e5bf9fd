package io.weft.api.windowing.windows;

import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;

/** The {@link GlobalWindow} has one value, so it takes no bytes at all. */
public final class GlobalWindowSerializer implements TypeSerializer<GlobalWindow> {
  public static final GlobalWindowSerializer INSTANCE = new GlobalWindowSerializer();

  private GlobalWindowSerializer() {}

  @Override
  public void serialize(GlobalWindow value, DataOutput out) {
    if (value == null) {
      throw new NullPointerException("cannot serialize a null GlobalWindow");
    }
  }

  @Override
  public GlobalWindow deserialize(DataInput in) {
    return GlobalWindow.get();
  }

  @Override
  public GlobalWindow copy(GlobalWindow value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 0;
  }
}
