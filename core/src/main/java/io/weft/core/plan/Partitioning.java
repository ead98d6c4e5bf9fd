package io.weft.core.plan;

import io.weft.api.functions.KeySelector;
import io.weft.core.types.TypeInfo;
import java.io.Serializable;
import java.util.Objects;

/** How the elements of an edge are spread over the consumer's subtasks. */
public final class Partitioning implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of partitioning. */
  public enum Kind {
    /** Subtask i to subtask i: needs equal parallelism; such edges are chained where possible. */
    FORWARD,
    /** Round robin over all consumer subtasks. */
    REBALANCE,
    /** By key: every element of a key goes to the subtask that owns the key's key group. */
    HASH,
    /** Every element to every consumer subtask. */
    BROADCAST
  }

  public static final Partitioning FORWARD = new Partitioning(Kind.FORWARD, null);
  public static final Partitioning REBALANCE = new Partitioning(Kind.REBALANCE, null);
  public static final Partitioning BROADCAST = new Partitioning(Kind.BROADCAST, null);

  private final Kind kind;
  private final KeySelector<?, ?> keySelector;
  private final TypeInfo<?> keyType;

  private Partitioning(Kind kind, KeySelector<?, ?> keySelector, TypeInfo<?> keyType) {
    this.kind = kind;
    this.keySelector = keySelector;
    this.keyType = keyType;
  }

  private Partitioning(Kind kind, KeySelector<?, ?> keySelector) {
    this(kind, keySelector, null);
  }

  public static Partitioning hash(KeySelector<?, ?> keySelector) {
    return hash(keySelector, null);
  }

  /** By key, with the key's type when known (checkpoints need it to write keyed state). */
  public static Partitioning hash(KeySelector<?, ?> keySelector, TypeInfo<?> keyType) {
    return new Partitioning(Kind.HASH, Objects.requireNonNull(keySelector, "key selector"), keyType);
  }

  /** The key type of a HASH partitioning, if known; null otherwise. */
  public TypeInfo<?> keyType() {
    return keyType;
  }

  public Kind kind() {
    return kind;
  }

  /** The key selector of a HASH partitioning; null otherwise. */
  public KeySelector<?, ?> keySelector() {
    return keySelector;
  }

  @Override
  public String toString() {
    return kind.name();
  }
}
