package io.weft.core.config;

import java.util.List;

/** Renders options as the Markdown tables of docs/configuration.md, which a test keeps in step. */
public final class ConfigDocs {
  private ConfigDocs() {}

  public static String table(String title, List<ConfigOption<?>> options) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(title).append("\n\n");
    sb.append("| key | type | default | description |\n");
    sb.append("| --- | --- | --- | --- |\n");
    for (ConfigOption<?> o : options) {
      sb.append("| `").append(o.key()).append("` | ").append(o.type().getSimpleName()).append(" | ")
          .append(o.defaultValue() == null ? "(none)" : "`" + render(o.defaultValue()) + "`").append(" | ")
          .append(o.description().replace("|", "\\|")).append(" |\n");
    }
    return sb.append('\n').toString();
  }

  private static String render(Object value) {
    if (value instanceof java.time.Duration d) {
      return d.toMillis() + " ms";
    }
    return String.valueOf(value);
  }
}
