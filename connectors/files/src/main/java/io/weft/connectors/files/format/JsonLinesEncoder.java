package io.weft.connectors.files.format;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
      mapper = mapper();
    }
    out.write(mapper.writeValueAsBytes(element));
    out.write('\n');
  }

  /** The mapping JSON lines are written and read with: by fields, so POJOs need no getters. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    return mapper;
  }
}
