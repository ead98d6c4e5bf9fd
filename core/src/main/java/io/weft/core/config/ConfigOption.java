package io.weft.core.config;

import java.util.Objects;

/**
 * A typed configuration key: its name, value type, default and description. Options are declared
 * as constants in one class per module ({@code CoreOptions}, ...) so that docs/configuration.md
 * can be checked against them.
 */
public final class ConfigOption<T> {
  private final String key;
  private final Class<T> type;
  private final T defaultValue;
  private final String description;

  private ConfigOption(String key, Class<T> type, T defaultValue, String description) {
    this.key = Objects.requireNonNull(key);
    this.type = Objects.requireNonNull(type);
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description);
  }

  public static <T> ConfigOption<T> of(String key, Class<T> type, T defaultValue, String description) {
    return new ConfigOption<>(key, type, defaultValue, description);
  }

  public String key() {
    return key;
  }

  public Class<T> type() {
    return type;
  }

  /** The default, or null where the option has none. */
  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Parses the textual form used in YAML files and {@code -yD key=value}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  T parse(String text) {
    String s = text.trim();
    try {
      if (type == String.class) {
        return (T) s;
      } else if (type == Integer.class) {
        return (T) Integer.valueOf(s);
      } else if (type == Long.class) {
        return (T) Long.valueOf(s);
      } else if (type == Double.class) {
        return (T) Double.valueOf(s);
      } else if (type == Boolean.class) {
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return (T) Boolean.valueOf(s);
      } else if (type == java.time.Duration.class) {
        return (T) Durations.parse(s);
      } else if (type == MemorySize.class) {
        return (T) MemorySize.parse(s);
      } else if (type.isEnum()) {
        return (T) Enum.valueOf((Class) type, s.toUpperCase().replace('-', '_'));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + text + "' for " + key + " (" + type.getSimpleName() + "): " + e.getMessage(), e);
    }
    throw new IllegalStateException("Unsupported option type " + type + " for " + key);
  }

  @Override
  public String toString() {
    return key;
  }
}
