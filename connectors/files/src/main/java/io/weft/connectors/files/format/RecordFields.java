package io.weft.connectors.files.format;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The named fields of a POJO or record class, read by reflection: the schema of the CSV and JSON
 * formats. Unknown names are refused when the format is built, naming the class and its fields.
 */
public final class RecordFields implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Class<?> type;
  private final List<String> names;
  private transient Field[] fields;

  RecordFields(Class<?> type, List<String> names) {
    this.type = type;
    this.names = List.copyOf(names.isEmpty() ? allNames(type) : names);
    resolve();
  }

  List<String> names() {
    return names;
  }

  Class<?> type() {
    return type;
  }

  Field field(int i) {
    if (fields == null) {
      resolve();
    }
    return fields[i];
  }

  Object get(Object element, int i) {
    try {
      return field(i).get(element);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read field " + names.get(i) + " of " + type.getName(), e);
    }
  }

  private void resolve() {
    Field[] resolved = new Field[names.size()];
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = find(type, names.get(i));
      resolved[i].setAccessible(true);
    }
    fields = resolved;
  }

  /** The field {@code name} of {@code type} or a superclass; unknown names are refused listing the fields. */
  public static Field find(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new IllegalArgumentException("class " + type.getName() + " has no field '" + name + "'; its fields are "
        + allNames(type));
  }

  /** Instance fields in declaration order, superclasses first. */
  static List<String> allNames(Class<?> type) {
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    List<String> names = new ArrayList<>();
    for (Class<?> c : chain) {
      Arrays.stream(c.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
          .forEach(f -> names.add(f.getName()));
    }
    return names;
  }
}
