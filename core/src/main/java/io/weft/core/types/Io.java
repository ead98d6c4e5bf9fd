package io.weft.core.types;

/** Shared errors of the codecs; bounded reading is {@link BoundedIo}. */
final class Io {
  private Io() {}

  static NullPointerException nullValue(String typeName) {
    return new NullPointerException(
        "cannot serialize a null " + typeName
            + "; this serializer does not accept null values. Wrap it in NullableSerializer"
            + " (Types.NULLABLE) or keep the value in a tuple, POJO, record, list or map field,"
            + " which may be null");
  }
}
