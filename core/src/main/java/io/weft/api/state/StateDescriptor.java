package io.weft.api.state;

import io.weft.core.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names a piece of keyed state and its value type. The name is the state's identity within its
 * operator: it must stay the same across restarts and savepoints.
 */
public abstract class StateDescriptor<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final TypeInfo<T> typeInfo;
  private final Class<T> typeClass;
  private StateTtlConfig ttlConfig;

  protected StateDescriptor(String name, Class<T> typeClass) {
    this.name = requireName(name);
    this.typeClass = Objects.requireNonNull(typeClass, "type");
    this.typeInfo = null;
  }

  protected StateDescriptor(String name, TypeInfo<T> typeInfo) {
    this.name = requireName(name);
    this.typeInfo = Objects.requireNonNull(typeInfo, "type");
    this.typeClass = typeInfo.typeClass();
  }

  private static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a state needs a non-empty name");
    }
    return name;
  }

  public String getName() {
    return name;
  }

  /** The value type; analysed from the class when only a class was given. */
  public TypeInfo<T> getTypeInfo() {
    return typeInfo != null ? typeInfo : TypeInfo.of(typeClass);
  }

  /**
   * Gives the state's entries a time to live (see {@link StateTtlConfig}). The setting is part of
   * the state's identity: a state snapshotted with TTL must be restored with TTL, and without it
   * without.
   */
  public void enableTimeToLive(StateTtlConfig ttlConfig) {
    this.ttlConfig = Objects.requireNonNull(ttlConfig, "ttlConfig");
  }

  /** The TTL configuration, or null when entries never expire. */
  public StateTtlConfig getTtlConfig() {
    return ttlConfig;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + name + ")";
  }
}
