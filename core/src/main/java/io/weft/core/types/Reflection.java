package io.weft.core.types;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the members records and POJOs are read and written through. Only public members are used,
 * through {@link MethodHandles#publicLookup()}: no setAccessible, so nothing depends on opening
 * modules, and the handles are looked up once per serializer rather than per record.
 */
final class Reflection {
  static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
  static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

  static final String FIX_POJO =
      "make it a record, a POJO (public class with a public no-arg constructor whose fields are"
          + " public or have public getters and setters), or declare the type with .returns(...)";

  private Reflection() {}

  /** A POJO field and how to reach it: the public field itself, or its getter and setter. */
  record PojoField(String name, Field field, Method getter, Method setter) {
    MethodHandle getterHandle() throws IllegalAccessException {
      MethodHandle h = getter != null ? LOOKUP.unreflect(getter) : LOOKUP.unreflectGetter(field);
      return h.asType(GETTER);
    }

    MethodHandle setterHandle() throws IllegalAccessException {
      MethodHandle h = setter != null ? LOOKUP.unreflect(setter) : LOOKUP.unreflectSetter(field);
      // asType drops the result of fluent setters that return this.
      return h.asType(SETTER);
    }
  }

  /** Why a class (and every class enclosing it) cannot be reached publicly, or null if it can. */
  static String notPublicReason(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        if (k.isAnonymousClass() || k.isLocalClass()) {
          return (k == c ? "it" : "its enclosing class " + TypeNames.of(k))
              + " is an anonymous or local class, which cannot be public";
        }
        return (k == c ? "it" : "its enclosing class " + TypeNames.of(k))
            + " is not public, and Weft only uses public members (no setAccessible)";
      }
    }
    return null;
  }

  /**
   * The serializable fields of a POJO class and its superclasses, sorted by name: every non-static,
   * non-transient field, which must be public and non-final or have a public getter and setter.
   */
  static List<PojoField> pojoFields(Class<?> c, String where) {
    Map<String, Field> byName = new HashMap<>();
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
          continue;
        }
        Field previous = byName.putIfAbsent(f.getName(), f);
        if (previous != null) {
          throw InvalidTypeException.of(TypeNames.of(c), where,
              "field '" + f.getName() + "' is declared both in " + TypeNames.of(previous.getDeclaringClass())
                  + " and in " + TypeNames.of(k),
              "rename one of the fields, or mark one transient if it need not be serialized");
        }
      }
    }
    List<PojoField> fields = new ArrayList<>();
    for (Field f : byName.values()) {
      fields.add(accessorsOf(c, f, where));
    }
    fields.sort(Comparator.comparing(PojoField::name));
    return fields;
  }

  private static PojoField accessorsOf(Class<?> c, Field f, String where) {
    String name = f.getName();
    int m = f.getModifiers();
    if (Modifier.isPublic(m) && !Modifier.isFinal(m)
        && notPublicReason(f.getDeclaringClass()) == null) {
      return new PojoField(name, f, null, null);
    }
    String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    Method getter = publicMethod(c, "get" + cap);
    if (getter == null && (f.getType() == boolean.class || f.getType() == Boolean.class)) {
      getter = publicMethod(c, "is" + cap);
    }
    if (getter != null && getter.getReturnType() != f.getType()) {
      getter = null;
    }
    Method setter = publicMethod(c, "set" + cap, f.getType());
    if (getter != null && setter != null) {
      return new PojoField(name, f, getter, setter);
    }
    String what = Modifier.isPublic(m) ? "public final" : "not public";
    String missing = getter == null && setter == null
        ? "has no public getter get" + cap + "() or setter set" + cap + "(" + f.getType().getSimpleName() + ")"
        : getter == null
            ? "has no public getter get" + cap + "() returning " + f.getType().getSimpleName()
            : "has no public setter set" + cap + "(" + f.getType().getSimpleName() + ")";
    throw InvalidTypeException.of(TypeNames.of(c), where,
        "field '" + name + "' is " + what + " and " + missing,
        "make the field public and non-final, add the missing getter/setter, mark it transient"
            + " if it need not be serialized, or make the class a record");
  }

  private static Method publicMethod(Class<?> c, String name, Class<?>... params) {
    try {
      Method method = c.getMethod(name, params);
      return Modifier.isStatic(method.getModifiers()) ? null : method;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Rethrows what a method handle threw, wrapping checked exceptions thrown by user code. */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
