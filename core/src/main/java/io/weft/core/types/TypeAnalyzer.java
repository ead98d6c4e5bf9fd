package io.weft.core.types;

import io.weft.api.tuple.Tuple;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a TypeInfo from a reflective type. Type variables are resolved through the type arguments
 * of the enclosing parameterized type ({@code Box<String>} binds Box's {@code T} to String), so
 * generic records and POJOs work when declared with a TypeHint.
 */
final class TypeAnalyzer {
  private static final Map<Class<?>, TypeInfo<?>> BASIC = new IdentityHashMap<>();

  static {
    basic(Types.STRING, null);
    basic(Types.INT, int.class);
    basic(Types.LONG, long.class);
    basic(Types.DOUBLE, double.class);
    basic(Types.FLOAT, float.class);
    basic(Types.BOOLEAN, boolean.class);
    basic(Types.SHORT, short.class);
    basic(Types.BYTE, byte.class);
    basic(Types.CHAR, char.class);
    basic(Types.BYTES, null);
    basic(Types.LONG_ARRAY, null);
    basic(Types.INT_ARRAY, null);
    basic(Types.DOUBLE_ARRAY, null);
  }

  private static void basic(TypeInfo<?> info, Class<?> primitive) {
    BASIC.put(info.typeClass(), info);
    if (primitive != null) {
      BASIC.put(primitive, info);
    }
  }

  /** The constant for a boxed primitive, String, byte[] or primitive array class. */
  static TypeInfo<?> basicOf(Class<?> c) {
    TypeInfo<?> info = BASIC.get(c);
    if (info == null) {
      throw new IllegalArgumentException(c.getName() + " is not a basic type");
    }
    return info;
  }

  private static final String FIX_TYPE_HINT =
      "declare the full type with a TypeHint, e.g. TypeInfo.of(new TypeHint<Tuple2<String, Long>>() {}),"
          + " with Types (e.g. Types.TUPLE(Types.STRING, Types.LONG)), or with .returns(...)";

  /** The records and POJOs being analysed, with their type arguments, to catch self-reference. */
  private final List<List<Object>> inProgress = new ArrayList<>();

  private TypeAnalyzer() {}

  static TypeInfo<?> analyze(Type type) {
    return new TypeAnalyzer().analyze(type, Map.of(), null);
  }

  private TypeInfo<?> analyze(Type type, Map<TypeVariable<?>, TypeInfo<?>> bindings, String where) {
    if (type instanceof Class<?> c) {
      return analyzeClass(c, List.of(), where);
    }
    if (type instanceof ParameterizedType p) {
      List<TypeInfo<?>> args = new ArrayList<>();
      for (Type a : p.getActualTypeArguments()) {
        args.add(analyze(a, bindings, where));
      }
      return analyzeClass((Class<?>) p.getRawType(), args, where);
    }
    if (type instanceof TypeVariable<?> v) {
      TypeInfo<?> bound = bindings.get(v);
      if (bound != null) {
        return bound;
      }
      throw InvalidTypeException.of(v.getName(), where,
          "it is a type variable of " + declarer(v.getGenericDeclaration())
              + ", and the actual type is erased at run time",
          FIX_TYPE_HINT);
    }
    if (type instanceof WildcardType) {
      throw InvalidTypeException.of(type.getTypeName(), where,
          "a wildcard does not say which type the values have",
          "use a concrete type argument, e.g. List<String> rather than List<? extends CharSequence>");
    }
    if (type instanceof GenericArrayType) {
      throw InvalidTypeException.of(type.getTypeName(), where,
          "arrays of generic types are not supported", "use a List instead");
    }
    throw InvalidTypeException.of(type.getTypeName(), where, "unknown kind of type " + type.getClass().getName(),
        Reflection.FIX_POJO);
  }

  private TypeInfo<?> analyzeClass(Class<?> c, List<TypeInfo<?>> args, String where) {
    TypeInfo<?> basic = BASIC.get(c);
    if (basic != null) {
      return basic;
    }
    String name = TypeNames.of(c);
    if (c == Object.class) {
      throw InvalidTypeException.of(name, where,
          "Object says nothing about what the values are or how to write them", Reflection.FIX_POJO);
    }
    if (c.isPrimitive()) {
      throw InvalidTypeException.of(name, where, "void has no values", "declare a type that has values");
    }
    if (Tuple.class.isAssignableFrom(c)) {
      if (c == Tuple.class) {
        throw InvalidTypeException.of(name, where,
            "Tuple is an interface that says neither the arity nor the field types", FIX_TYPE_HINT);
      }
      if (args.isEmpty()) {
        throw InvalidTypeException.of(name, where,
            "a " + c.getSimpleName() + " without type arguments does not say its field types"
                + " (Java erases them at run time)",
            FIX_TYPE_HINT);
      }
      return new TupleTypeInfo<>(args);
    }
    if (c == List.class || c == java.util.ArrayList.class) {
      if (args.isEmpty()) {
        throw InvalidTypeException.of(name, where, "a raw List does not say its element type",
            "declare it as List<ElementType> with a TypeHint or Types.LIST(...)");
      }
      return new ListTypeInfo<>(args.get(0));
    }
    if (c == Map.class || c == HashMap.class) {
      if (args.isEmpty()) {
        throw InvalidTypeException.of(name, where, "a raw Map does not say its key and value types",
            "declare it as Map<K, V> with a TypeHint or Types.MAP(...)");
      }
      return new MapTypeInfo<>(args.get(0), args.get(1));
    }
    if (c.isArray()) {
      throw InvalidTypeException.of(name, where,
          "the only arrays supported are byte[], int[], long[] and double[]",
          "use a List instead, e.g. List<String>");
    }
    if (Enum.class.isAssignableFrom(c) && c != Enum.class) {
      return enumInfo(c.isEnum() ? c : c.getSuperclass());
    }
    if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
      throw InvalidTypeException.of(name, where,
          "lists are read back as ArrayList and maps as HashMap, so only List/ArrayList and"
              + " Map/HashMap may be declared",
          "declare it as List<...> or Map<...>");
    }
    if (c.isInterface()) {
      throw InvalidTypeException.of(name, where,
          "it is an interface, so there is no telling which class to create when reading", Reflection.FIX_POJO);
    }
    if (Modifier.isAbstract(c.getModifiers())) {
      throw InvalidTypeException.of(name, where,
          "it is abstract, so there is no telling which subclass to create when reading", Reflection.FIX_POJO);
    }
    if (isJdk(c)) {
      throw InvalidTypeException.of(name, where,
          "Weft has no serializer for this JDK class, and JDK classes are not analysed as POJOs",
          "convert it to a supported type (e.g. an Instant to a long of epoch milliseconds, a"
              + " BigDecimal to a String), or declare the type with .returns(...) and a TypeInfo of your own");
    }
    String notPublic = Reflection.notPublicReason(c);
    if (notPublic != null) {
      throw InvalidTypeException.of(name, where, notPublic,
          "make the class public (and every class enclosing it), or declare the type with .returns(...)");
    }
    if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
      throw InvalidTypeException.of(name, where,
          "it is an inner class, which needs an instance of its enclosing class to be created",
          "declare it static");
    }
    List<Object> key = List.of(c, args);
    if (inProgress.contains(key)) {
      throw InvalidTypeException.of(name, where,
          "it contains itself, and a serializer that expands every field would never end",
          "restructure it without the cycle (e.g. refer to other elements by id, or flatten them into a"
              + " List of a non-recursive type), or declare the type with .returns(...) and a TypeInfo"
              + " of your own");
    }
    inProgress.add(key);
    try {
      return c.isRecord() ? record(c, args, where) : pojo(c, args, where);
    } finally {
      inProgress.remove(inProgress.size() - 1);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeInfo<?> enumInfo(Class<?> c) {
    return new EnumTypeInfo(c);
  }

  private static boolean isJdk(Class<?> c) {
    String n = c.getName();
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || n.startsWith("com.sun.");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private TypeInfo<?> record(Class<?> c, List<TypeInfo<?>> args, String where) {
    Map<TypeVariable<?>, TypeInfo<?>> bindings = bind(c, args);
    List<String> names = new ArrayList<>();
    List<TypeInfo<?>> types = new ArrayList<>();
    for (RecordComponent rc : c.getRecordComponents()) {
      names.add(rc.getName());
      types.add(analyze(rc.getGenericType(), bindings, within("component '" + rc.getName() + "'", c, where)));
    }
    return new RecordTypeInfo(c, names, types, args);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private TypeInfo<?> pojo(Class<?> c, List<TypeInfo<?>> args, String where) {
    try {
      c.getConstructor();
    } catch (NoSuchMethodException e) {
      throw InvalidTypeException.of(TypeNames.of(c), where,
          "it is not a record and has no public no-arg constructor to create it with when reading",
          Reflection.FIX_POJO);
    }
    Map<TypeVariable<?>, TypeInfo<?>> bindings = bind(c, args);
    // Fields inherited from generic superclasses use the superclass's type variables.
    for (Class<?> k = c; k.getSuperclass() != null; k = k.getSuperclass()) {
      if (k.getGenericSuperclass() instanceof ParameterizedType p) {
        TypeVariable<?>[] vars = k.getSuperclass().getTypeParameters();
        Type[] actual = p.getActualTypeArguments();
        for (int i = 0; i < vars.length; i++) {
          bindings.put(vars[i], analyze(actual[i], bindings, within("superclass", c, where)));
        }
      }
    }
    List<Reflection.PojoField> fields = Reflection.pojoFields(c, where);
    if (fields.isEmpty()) {
      throw InvalidTypeException.of(TypeNames.of(c), where, "it has no fields to serialize (only static or transient ones)",
          "add public fields or fields with public getters and setters, or make it a record"
              + " (a record without components is fine)");
    }
    List<String> names = new ArrayList<>();
    List<TypeInfo<?>> types = new ArrayList<>();
    for (Reflection.PojoField f : fields) {
      names.add(f.name());
      types.add(analyze(f.field().getGenericType(), bindings, within("field '" + f.name() + "'", c, where)));
    }
    return new PojoTypeInfo(c, names, types, args);
  }

  private static Map<TypeVariable<?>, TypeInfo<?>> bind(Class<?> c, List<TypeInfo<?>> args) {
    Map<TypeVariable<?>, TypeInfo<?>> bindings = new HashMap<>();
    TypeVariable<?>[] vars = c.getTypeParameters();
    for (int i = 0; i < args.size() && i < vars.length; i++) {
      bindings.put(vars[i], args.get(i));
    }
    return bindings;
  }

  private static String within(String member, Class<?> c, String where) {
    String s = member + " of " + TypeNames.of(c);
    return where == null ? s : s + ", in " + where;
  }

  private static String declarer(GenericDeclaration d) {
    if (d instanceof Class<?> c) {
      return TypeNames.of(c);
    }
    if (d instanceof java.lang.reflect.Method m) {
      return "method " + TypeNames.of(m.getDeclaringClass()) + "." + m.getName();
    }
    return d.toString();
  }
}
