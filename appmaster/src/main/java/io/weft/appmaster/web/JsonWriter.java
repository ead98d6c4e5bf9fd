package io.weft.appmaster.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes JSON text, commas and escaping included. Small on purpose: the REST API writes a few flat
 * documents, and the ApplicationMaster's classpath should not depend on a JSON library's version.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  /** Per open object or array: whether it has an element yet. */
  private final Deque<boolean[]> open = new ArrayDeque<>();
  private boolean afterName;

  JsonWriter beginObject() {
    separate();
    out.append('{');
    open.push(new boolean[1]);
    return this;
  }

  JsonWriter endObject() {
    open.pop();
    out.append('}');
    return this;
  }

  JsonWriter beginArray() {
    separate();
    out.append('[');
    open.push(new boolean[1]);
    return this;
  }

  JsonWriter endArray() {
    open.pop();
    out.append(']');
    return this;
  }

  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    afterName = true;
    return this;
  }

  JsonWriter value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonWriter value(long value) {
    separate();
    out.append(value);
    return this;
  }

  /** A number with at most 3 decimals; NaN and infinities, which JSON lacks, become null. */
  JsonWriter value(double value) {
    separate();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else {
      out.append(String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", ""));
    }
    return this;
  }

  JsonWriter value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  JsonWriter nullValue() {
    separate();
    out.append("null");
    return this;
  }

  JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, double value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    boolean[] hasElement = open.peek();
    if (hasElement != null) {
      if (hasElement[0]) {
        out.append(',');
      }
      hasElement[0] = true;
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        // '<' escaped so that a job name can never close a script tag if the JSON is ever inlined.
        case '<' -> out.append("\\u003c");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
