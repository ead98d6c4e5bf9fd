package io.weft.core.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key/value configuration, read through typed {@link ConfigOption}s. Values are kept as text so
 * that a configuration travels to containers as plain {@code key: value} lines and is parsed with
 * the option's type where it is read.
 */
public final class Configuration implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> values = new TreeMap<>();

  public Configuration() {}

  public Configuration(Configuration other) {
    values.putAll(other.values);
  }

  public <T> T get(ConfigOption<T> option) {
    String text = values.get(option.key());
    return text == null ? option.defaultValue() : option.parse(text);
  }

  public boolean contains(ConfigOption<?> option) {
    return values.containsKey(option.key());
  }

  public <T> Configuration set(ConfigOption<T> option, T value) {
    values.put(option.key(), render(value));
    return this;
  }

  public Configuration setString(String key, String value) {
    values.put(key, value);
    return this;
  }

  public String getString(String key) {
    return values.get(key);
  }

  public Configuration addAll(Configuration other) {
    values.putAll(other.values);
    return this;
  }

  public Map<String, String> toMap() {
    return Collections.unmodifiableMap(values);
  }

  private static String render(Object value) {
    if (value instanceof java.time.Duration) {
      return ((java.time.Duration) value).toMillis() + "ms";
    }
    return String.valueOf(value);
  }

  /**
   * Reads a flat YAML file of {@code key: value} lines, the format of Flink's configuration file.
   * Comments ({@code #}) and blank lines are ignored; anything else is an error that names the line.
   */
  public static Configuration fromYamlFile(Path file) throws IOException {
    return fromYamlLines(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  public static Configuration fromYamlLines(List<String> lines, String source) {
    Configuration conf = new Configuration();
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = stripComment(raw).trim();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon < 0 && line.endsWith(":")) {
        colon = line.length() - 1;
      }
      if (colon <= 0) {
        throw new IllegalArgumentException(
            source + ":" + n + ": expected 'key: value', found '" + raw.trim() + "'");
      }
      String key = line.substring(0, colon).trim();
      String value = unquote(line.substring(colon + 1).trim());
      conf.setString(key, value);
    }
    return conf;
  }

  /** The inverse of {@link #fromYamlLines}: one {@code key: value} line per entry. */
  public String toYaml() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }

  private static String stripComment(String line) {
    // A '#' starts a comment only at the beginning or after white space, so "a#b" survives.
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
