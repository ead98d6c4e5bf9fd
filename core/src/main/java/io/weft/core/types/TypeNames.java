package io.weft.core.types;

import java.util.List;

final class TypeNames {
  private TypeNames() {}

  /** The name to show in messages: Outer.Inner rather than Outer$Inner where there is one. */
  static String of(Class<?> c) {
    String canonical = c.getCanonicalName();
    return canonical != null ? canonical : c.getName();
  }

  static String generic(String name, List<? extends TypeInfo<?>> args) {
    if (args.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('<');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(args.get(i));
    }
    return sb.append('>').toString();
  }
}
