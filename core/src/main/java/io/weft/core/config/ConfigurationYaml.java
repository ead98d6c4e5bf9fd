package io.weft.core.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

/**
 * The configuration file's format: YAML, read by a real YAML parser, like Flink's
 * {@code config.yaml}. Nested keys are flattened with '.' ({@code taskmanager: {numberOfTaskSlots: 2}}
 * is {@code taskmanager.numberOfTaskSlots: 2}), so nested and flat files mean the same; a list of
 * scalars becomes one value joined with ';' (the separator Weft's list options use). Every scalar
 * is kept as text (no implicit booleans, numbers or dates): the option that reads it parses it with
 * its own type. Only plain maps, lists and strings are ever built (a safe constructor), and a key
 * given twice, in one form or another, is an error.
 */
final class ConfigurationYaml {
  private ConfigurationYaml() {}

  static Configuration parse(String text, String source) {
    Object root;
    try {
      root = yaml().load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new IllegalArgumentException(source + (mark != null ? ":" + (mark.getLine() + 1) : "") + ": not valid YAML: "
          + e.getProblem() + (e.getContext() != null ? " " + e.getContext() : ""));
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
    }
    Configuration conf = new Configuration();
    if (root == null) {
      return conf; // an empty file, or only comments
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ":" + firstContentLine(text) + ": expected 'key: value' entries,"
          + " found " + describe(root));
    }
    flatten("", map, conf, source);
    return conf;
  }

  private static void flatten(String prefix, Map<?, ?> map, Configuration into, String source) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, into, source);
        continue;
      }
      String text;
      if (value == null) {
        text = "";
      } else if (value instanceof List<?> list) {
        StringBuilder joined = new StringBuilder();
        for (Object item : list) {
          if (item instanceof Map || item instanceof List) {
            throw new IllegalArgumentException(source + ": " + key + ": a list's items must be plain values, found "
                + describe(item));
          }
          joined.append(joined.length() == 0 ? "" : ";").append(item == null ? "" : item);
        }
        text = joined.toString();
      } else {
        text = value.toString();
      }
      if (into.getString(key) != null) {
        throw new IllegalArgumentException(source + ": " + key + " is given twice (nested and flat keys name the"
            + " same option); keep one");
      }
      into.setString(key, text);
    }
  }

  /** One double-quoted {@code "key": "value"} line per entry, so any text reads back the same. */
  static String write(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(quote(k)).append(": ").append(quote(v)).append('\n'));
    return sb.toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** The 1-based line where the document starts: the first that is neither blank nor a comment. */
  private static int firstContentLine(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        return i + 1;
      }
    }
    return 1;
  }

  private static String describe(Object value) {
    return value instanceof Map ? "a map" : value instanceof List ? "a list" : "'" + value + "'";
  }

  private static Yaml yaml() {
    LoaderOptions loading = new LoaderOptions();
    loading.setAllowDuplicateKeys(false);
    loading.setMaxAliasesForCollections(10);
    DumperOptions dumping = new DumperOptions();
    // No implicit types: every scalar stays the text it was written as.
    Resolver textOnly = new Resolver() {
      @Override
      protected void addImplicitResolvers() {}
    };
    return new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping, loading, textOnly);
  }
}
