package io.weft.connectors.files.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV lines (RFC 4180 quoting) of a POJO's or record's fields: the schema is the class and the
 * column names, in order. A value holding the delimiter, a quote or a line break is quoted, with
 * quotes doubled; null is an empty field. No header line, since files roll and are read together.
 */
public final class CsvEncoder<T> implements Encoder<T> {
  private static final long serialVersionUID = 1L;
  private final RecordFields schema;
  private final char delimiter;

  private CsvEncoder(RecordFields schema, char delimiter) {
    this.schema = schema;
    this.delimiter = delimiter;
  }

  /** The given columns of {@code type}, or every field in declaration order when none are named. */
  public static <T> CsvEncoder<T> forFields(Class<T> type, String... columns) {
    return new CsvEncoder<>(new RecordFields(type, List.of(columns)), ',');
  }

  public CsvEncoder<T> withDelimiter(char delimiter) {
    return new CsvEncoder<>(schema, delimiter);
  }

  /** The column names, in order. */
  public List<String> columns() {
    return schema.names();
  }

  @Override
  public void encode(T element, OutputStream out) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < schema.names().size(); i++) {
      if (i > 0) {
        line.append(delimiter);
      }
      Object v = schema.get(element, i);
      if (v != null) {
        quote(String.valueOf(v), line);
      }
    }
    line.append('\n');
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void quote(String s, StringBuilder line) {
    if (s.indexOf(delimiter) < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      line.append(s);
      return;
    }
    line.append('"').append(s.replace("\"", "\"\"")).append('"');
  }
}
