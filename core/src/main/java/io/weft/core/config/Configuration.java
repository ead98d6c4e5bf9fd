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
   * Reads a YAML configuration file (see {@link ConfigurationYaml}: nested or flat keys, like
   * Flink's {@code config.yaml}); a file that is not valid YAML or not a map of keys is an error
   * that names the file and, where it can, the line.
   */
  public static Configuration fromYamlFile(Path file) throws IOException {
    return ConfigurationYaml.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static Configuration fromYamlLines(List<String> lines, String source) {
    return ConfigurationYaml.parse(String.join("\n", lines), source);
  }

  /** The inverse of {@link #fromYamlFile}: one quoted {@code "key": "value"} line per entry. */
  public String toYaml() {
    return ConfigurationYaml.write(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
