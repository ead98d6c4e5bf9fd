package io.weft.core.types;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the type arguments of a function object's functional interface, e.g. the output type
 * {@code R} of a {@code MapFunction<T, R>}.
 *
 * <p>This works when the function is a class (named or anonymous) whose generic superclasses or
 * interfaces declare the type concretely ({@code new MapFunction<String, Tuple2<String, Long>>()
 * {...}}), including through generic superclasses that bind it. A lambda's class keeps no generic
 * signature; for a serializable lambda the erased types of its method are still known, which is
 * enough when the type is a non-generic class (String, Long, a record, a POJO), but not for
 * {@code Tuple2} or {@code List}.
 *
 * <p>A {@code null} result means the type cannot be told from the function: declare it with
 * {@code returns(...)} (a Class, TypeHint or TypeInfo).
 */
public final class TypeExtractor {
  private TypeExtractor() {}

  /**
   * The type argument at {@code typeParameterIndex} of {@code functionInterface}, as implemented
   * by {@code function}: {@code outputType(fn, MapFunction.class, 1)} is the R of MapFunction&lt;T,
   * R&gt;. Any index may be asked for; the name reflects the common use.
   *
   * @return the type, or null when it cannot be determined (a lambda whose type is generic or not
   *     serializable, a type variable, Object, a raw generic class): declare it with returns(...)
   * @throws InvalidTypeException when the type is determined but Weft cannot serialize it; a
   *     caller that still allows returns(...) to be declared should defer that error
   * @throws IllegalArgumentException if function does not implement functionInterface or the index
   *     is out of range
   */
  @SuppressWarnings("unchecked")
  public static <T> TypeInfo<T> outputType(Object function, Class<?> functionInterface, int typeParameterIndex) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(functionInterface, "functionInterface");
    if (!functionInterface.isInstance(function)) {
      throw new IllegalArgumentException(
          function.getClass().getName() + " does not implement " + functionInterface.getName());
    }
    TypeVariable<?>[] params = functionInterface.getTypeParameters();
    if (typeParameterIndex < 0 || typeParameterIndex >= params.length) {
      throw new IllegalArgumentException(functionInterface.getName() + " has " + params.length
          + " type parameters; there is no index " + typeParameterIndex);
    }
    Type t = typeArgument(function.getClass(), functionInterface, typeParameterIndex);
    if (t == null || !isConcrete(t)) {
      // A lambda of a sub-interface still shows that interface's unbound type variables.
      Type fromLambda = fromSerializedLambda(function, functionInterface, typeParameterIndex);
      t = fromLambda != null ? fromLambda : t;
    }
    if (t == null || !isConcrete(t)) {
      return null;
    }
    return (TypeInfo<T>) TypeInfo.ofType(t);
  }

  /** Same as {@link #outputType}, for reading an input type argument. */
  public static <T> TypeInfo<T> inputType(Object function, Class<?> functionInterface, int typeParameterIndex) {
    return outputType(function, functionInterface, typeParameterIndex);
  }

  /**
   * Object says nothing, a raw generic class has lost its arguments, and a type variable is
   * unbound: in all three the real type is elsewhere, so returns(...) is the right advice.
   */
  private static boolean isConcrete(Type t) {
    if (t instanceof Class<?> c) {
      return c != Object.class && c.getTypeParameters().length == 0;
    }
    if (t instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        if (!isConcrete(a)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  // ---- generic signatures of classes ----

  /** The type argument of {@code target} as seen from {@code start}, or null if not declared. */
  private static Type typeArgument(Class<?> start, Class<?> target, int index) {
    return find(start, target, index, Map.of());
  }

  private static Type find(Type type, Class<?> target, int index, Map<TypeVariable<?>, Type> outer) {
    Class<?> raw = raw(type);
    if (raw == null) {
      return null;
    }
    Map<TypeVariable<?>, Type> own = new HashMap<>();
    if (type instanceof ParameterizedType p) {
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        own.put(vars[i], substitute(args[i], outer));
      }
    }
    if (raw == target) {
      return type instanceof ParameterizedType ? own.get(target.getTypeParameters()[index]) : null;
    }
    for (Type s : raw.getGenericInterfaces()) {
      Type r = find(s, target, index, own);
      if (r != null) {
        return r;
      }
    }
    Type sup = raw.getGenericSuperclass();
    return sup == null ? null : find(sup, target, index, own);
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
    if (t instanceof TypeVariable<?> v) {
      return bindings.getOrDefault(v, v);
    }
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < args.length; i++) {
        Type s = substitute(args[i], bindings);
        changed |= s != args[i];
        args[i] = s;
      }
      return changed ? new ResolvedType((Class<?>) p.getRawType(), p.getOwnerType(), args) : p;
    }
    return t;
  }

  // ---- serializable lambdas ----

  /**
   * A serializable lambda's {@code writeReplace} describes it, including the method type it was
   * instantiated with: the types the compiler inferred, erased to classes. That is used rather than
   * {@code getImplMethodSignature()}, which also lists captured variables and, for a method
   * reference, is the referenced method's own (possibly more general) signature.
   */
  private static Type fromSerializedLambda(Object function, Class<?> iface, int index) {
    SerializedLambda lambda = serializedLambda(function);
    if (lambda == null) {
      return null;
    }
    Method sam = abstractMethod(iface, lambda.getFunctionalInterfaceMethodName());
    if (sam == null) {
      return null;
    }
    int position = position(sam, iface, index);
    if (position == NOT_FOUND) {
      return null;
    }
    List<String> descriptors = new ArrayList<>();
    String returnDescriptor = parse(lambda.getInstantiatedMethodType(), descriptors);
    if (descriptors.size() != sam.getParameterCount()) {
      return null;
    }
    String d = position == RETURN ? returnDescriptor : descriptors.get(position);
    return load(d, function.getClass().getClassLoader());
  }

  private static SerializedLambda serializedLambda(Object function) {
    Class<?> c = function.getClass();
    // Only lambda classes: a user class's writeReplace could do anything.
    if (!c.isSynthetic() && !c.isHidden()) {
      return null;
    }
    try {
      Method m = c.getDeclaredMethod("writeReplace");
      m.setAccessible(true);
      return m.invoke(function) instanceof SerializedLambda s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Method abstractMethod(Class<?> iface, String name) {
    Method found = null;
    for (Method m : iface.getMethods()) {
      if (Modifier.isAbstract(m.getModifiers()) && m.getName().equals(name) && !isObjectMethod(m)) {
        if (found != null && found.getDeclaringClass() != iface && m.getDeclaringClass() == iface) {
          found = m;
        } else if (found == null) {
          found = m;
        }
      }
    }
    return found;
  }

  private static boolean isObjectMethod(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static final int RETURN = -1;
  private static final int NOT_FOUND = -2;

  /**
   * Where the interface's type parameter appears bare in the abstract method: RETURN, a parameter
   * index, or NOT_FOUND (e.g. only inside {@code Collector<O>}, which a lambda erases).
   */
  private static int position(Method sam, Class<?> iface, int index) {
    TypeVariable<?> wanted = iface.getTypeParameters()[index];
    Class<?> declaring = sam.getDeclaringClass();
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    if (declaring != iface) {
      // The method is inherited: express its type variables in terms of iface's.
      TypeVariable<?>[] vars = declaring.getTypeParameters();
      for (int i = 0; i < vars.length; i++) {
        Type t = typeArgument(iface, declaring, i);
        if (t != null) {
          bindings.put(vars[i], t);
        }
      }
    }
    if (wanted.equals(substitute(sam.getGenericReturnType(), bindings))) {
      return RETURN;
    }
    Type[] params = sam.getGenericParameterTypes();
    for (int i = 0; i < params.length; i++) {
      if (wanted.equals(substitute(params[i], bindings))) {
        return i;
      }
    }
    return NOT_FOUND;
  }

  /** Splits a method descriptor into parameter descriptors (added to params) and the return's. */
  private static String parse(String descriptor, List<String> params) {
    int i = 1;
    while (descriptor.charAt(i) != ')') {
      int start = i;
      while (descriptor.charAt(i) == '[') {
        i++;
      }
      i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
      params.add(descriptor.substring(start, i));
    }
    return descriptor.substring(i + 1);
  }

  private static Class<?> load(String d, ClassLoader loader) {
    switch (d.charAt(0)) {
      case 'Z': return Boolean.class;
      case 'B': return Byte.class;
      case 'S': return Short.class;
      case 'C': return Character.class;
      case 'I': return Integer.class;
      case 'J': return Long.class;
      case 'F': return Float.class;
      case 'D': return Double.class;
      case 'V': return null;
      default:
        break;
    }
    String name = d.charAt(0) == 'L' ? d.substring(1, d.length() - 1) : d;
    try {
      return Class.forName(name.replace('/', '.'), false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** A parameterized type whose type variables were replaced by what a subclass bound them to. */
  private record ResolvedType(Class<?> rawType, Type ownerType, Type[] args) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return rawType;
    }

    @Override
    public Type getOwnerType() {
      return ownerType;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p && rawType.equals(p.getRawType())
          && Objects.equals(ownerType, p.getOwnerType()) && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(ownerType) ^ rawType.hashCode();
    }

    @Override
    public String getTypeName() {
      StringBuilder sb = new StringBuilder(rawType.getTypeName()).append('<');
      for (int i = 0; i < args.length; i++) {
        sb.append(i > 0 ? ", " : "").append(args[i].getTypeName());
      }
      return sb.append('>').toString();
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }
}
