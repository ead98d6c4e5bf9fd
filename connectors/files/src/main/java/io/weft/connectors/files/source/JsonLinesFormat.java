package io.weft.connectors.files.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.connectors.files.format.JsonLinesEncoder;

/** JSON lines into objects of a class, by their fields (as {@link JsonLinesEncoder} writes them); unknown properties are ignored. */
public final class JsonLinesFormat<T> extends MappedLineFormat<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private transient ObjectMapper mapper;

  public JsonLinesFormat(Class<T> type) {
    this.type = type;
  }

  @Override
  T parse(String line) throws Exception {
    if (mapper == null) {
      mapper = JsonLinesEncoder.mapper();
    }
    return mapper.readValue(line, type);
  }
}
