package io.weft.state.keyed;

import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The namespace serializer of state registered without one: the only namespace it accepts is
 * {@link KeyedStateBackend#DEFAULT_NAMESPACE}, which takes no bytes.
 */
public final class DefaultNamespaceSerializer implements TypeSerializer<Object> {
  public static final DefaultNamespaceSerializer INSTANCE = new DefaultNamespaceSerializer();

  private DefaultNamespaceSerializer() {}

  @Override
  public void serialize(Object value, DataOutput out) throws IOException {
    if (!KeyedStateBackend.DEFAULT_NAMESPACE.equals(value)) {
      throw new IOException("namespace " + value + " cannot be written: the state was registered without a"
          + " namespace serializer, so it takes only the default namespace. Register it with the"
          + " overload that takes a TypeSerializer for the namespace");
    }
  }

  @Override
  public Object deserialize(DataInput in) {
    return KeyedStateBackend.DEFAULT_NAMESPACE;
  }

  @Override
  public Object copy(Object value) {
    return value;
  }

  @Override
  public int fixedLength() {
    return 0;
  }
}
