package io.weft.connectors.files.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;

/** JSON lines: each element as one JSON object (Jackson's bean or record mapping) and a newline. */
public final class JsonLinesEncoder<T> implements Encoder<T> {
  private static final long serialVersionUID = 1L;
  private transient ObjectMapper mapper;

  @Override
  public void encode(T element, OutputStream out) throws IOException {
    if (mapper == null) {
      mapper = JsonMapping.mapper();
    }
    out.write(mapper.writeValueAsBytes(element));
    out.write('\n');
  }
}
