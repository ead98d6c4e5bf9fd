package io.weft.connectors.files.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

/** Writes one element of a row format (Flink's {@code Encoder}): a line of text, CSV or JSON. */
@FunctionalInterface
public interface Encoder<T> extends Serializable {
  void encode(T element, OutputStream out) throws IOException;
}
