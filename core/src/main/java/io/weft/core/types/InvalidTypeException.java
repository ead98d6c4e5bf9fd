package io.weft.core.types;

/**
 * A type Weft cannot derive a serializer for. The message names the type, where it was found, why
 * it is unsupported and how to fix it.
 */
public class InvalidTypeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidTypeException(String message) {
    super(message);
  }

  static InvalidTypeException of(String typeName, String where, String reason, String fix) {
    StringBuilder sb = new StringBuilder("Cannot serialize type ").append(typeName);
    if (where != null) {
      sb.append(" (").append(where).append(')');
    }
    sb.append(": ").append(reason).append(". Fix: ").append(fix);
    if (!fix.endsWith(".")) {
      sb.append('.');
    }
    return new InvalidTypeException(sb.toString());
  }
}
