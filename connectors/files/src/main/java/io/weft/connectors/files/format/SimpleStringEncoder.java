package io.weft.connectors.files.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Text lines: each element's {@code toString()} and a newline, in UTF-8. */
public final class SimpleStringEncoder<T> implements Encoder<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public void encode(T element, OutputStream out) throws IOException {
    out.write(String.valueOf(element).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }
}
