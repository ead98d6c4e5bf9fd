package io.weft.connectors.files.source;

/** Text of a CSV value into a field's type. */
final class Fields {
  private Fields() {}

  static Object convert(String text, Class<?> to, String column) {
    if (text.isEmpty() && !to.isPrimitive()) {
      return to == String.class ? "" : null;
    }
    try {
      if (to == String.class) {
        return text;
      } else if (to == long.class || to == Long.class) {
        return Long.parseLong(text.trim());
      } else if (to == int.class || to == Integer.class) {
        return Integer.parseInt(text.trim());
      } else if (to == double.class || to == Double.class) {
        return Double.parseDouble(text.trim());
      } else if (to == float.class || to == Float.class) {
        return Float.parseFloat(text.trim());
      } else if (to == boolean.class || to == Boolean.class) {
        return Boolean.parseBoolean(text.trim());
      } else if (to == short.class || to == Short.class) {
        return Short.parseShort(text.trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("column '" + column + "': '" + text + "' is not a " + to.getSimpleName(), e);
    }
    throw new IllegalArgumentException("column '" + column + "' has type " + to.getName()
        + ", which CSV does not read (String, primitives and their boxes)");
  }
}
