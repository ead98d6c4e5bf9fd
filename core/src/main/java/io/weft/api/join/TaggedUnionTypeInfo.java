package io.weft.api.join;

import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/** The type of a {@link TaggedUnion}: written as a tag byte (1 or 2), then the value by its input's serializer. */
public final class TaggedUnionTypeInfo<T1, T2> extends TypeInfo<TaggedUnion<T1, T2>> {
  private static final long serialVersionUID = 1L;
  private final TypeInfo<T1> one;
  private final TypeInfo<T2> two;

  public TaggedUnionTypeInfo(TypeInfo<T1> one, TypeInfo<T2> two) {
    this.one = Objects.requireNonNull(one, "one");
    this.two = Objects.requireNonNull(two, "two");
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Class<TaggedUnion<T1, T2>> typeClass() {
    return (Class) TaggedUnion.class;
  }

  @Override
  public TypeSerializer<TaggedUnion<T1, T2>> createSerializer() {
    return new Serializer<>(one.createSerializer(), two.createSerializer());
  }

  @Override
  public String toString() {
    return "TaggedUnion<" + one + ", " + two + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaggedUnionTypeInfo<?, ?> t && t.one.equals(one) && t.two.equals(two);
  }

  @Override
  public int hashCode() {
    return 31 * one.hashCode() + two.hashCode();
  }

  private record Serializer<T1, T2>(TypeSerializer<T1> one, TypeSerializer<T2> two)
      implements TypeSerializer<TaggedUnion<T1, T2>> {
    @Override
    public void serialize(TaggedUnion<T1, T2> value, DataOutput out) throws IOException {
      if (value.isOne()) {
        out.writeByte(1);
        one.serialize(value.getOne(), out);
      } else {
        out.writeByte(2);
        two.serialize(value.getTwo(), out);
      }
    }

    @Override
    public TaggedUnion<T1, T2> deserialize(DataInput in) throws IOException {
      byte tag = in.readByte();
      if (tag == 1) {
        return TaggedUnion.one(one.deserialize(in));
      } else if (tag == 2) {
        return TaggedUnion.two(two.deserialize(in));
      }
      throw new IOException("corrupt input: tagged-union tag " + tag);
    }

    @Override
    public TaggedUnion<T1, T2> copy(TaggedUnion<T1, T2> value) {
      return value.isOne() ? TaggedUnion.one(one.copy(value.getOne())) : TaggedUnion.two(two.copy(value.getTwo()));
    }

    @Override
    public int fixedLength() {
      return -1;
    }
  }
}
