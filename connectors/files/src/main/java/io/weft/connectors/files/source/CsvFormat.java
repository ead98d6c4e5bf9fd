package io.weft.connectors.files.source;

import io.weft.connectors.files.format.CsvEncoder;
import io.weft.connectors.files.format.RecordFields;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV lines into POJOs (the schema: the class and its columns in order, as {@link CsvEncoder}
 * writes them). Quoted values may hold the delimiter and doubled quotes, not line breaks (files are
 * split by lines). Field types: String, the primitives and their boxes; an empty value is null.
 */
public final class CsvFormat<T> extends MappedLineFormat<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private final List<String> columns;
  private final char delimiter;
  private transient Field[] fields;
  private transient Constructor<T> constructor;

  private CsvFormat(Class<T> type, List<String> columns, char delimiter) {
    this.type = type;
    this.columns = columns;
    this.delimiter = delimiter;
    resolve();
  }

  /** The given columns of {@code type}, or every field in declaration order when none are named. */
  public static <T> CsvFormat<T> forFields(Class<T> type, String... columns) {
    return new CsvFormat<>(type, CsvEncoder.forFields(type, columns).columns(), ',');
  }

  public CsvFormat<T> withDelimiter(char delimiter) {
    return new CsvFormat<>(type, columns, delimiter);
  }

  private void resolve() {
    try {
      constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("CSV records of " + type.getName() + " need a constructor without arguments", e);
    }
    fields = new Field[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = RecordFields.find(type, columns.get(i));
      fields[i].setAccessible(true);
    }
  }

  @Override
  T parse(String line) throws Exception {
    if (fields == null) {
      resolve();
    }
    List<String> values = split(line);
    if (values.size() != fields.length) {
      throw new IllegalArgumentException(values.size() + " values where the schema has " + fields.length + " columns "
          + columns);
    }
    T record = constructor.newInstance();
    for (int i = 0; i < fields.length; i++) {
      fields[i].set(record, Fields.convert(values.get(i), fields[i].getType(), columns.get(i)));
    }
    return record;
  }

  private List<String> split(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          value.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        values.add(value.toString());
        value.setLength(0);
      } else {
        value.append(c);
      }
    }
    values.add(value.toString());
    return values;
  }
}
