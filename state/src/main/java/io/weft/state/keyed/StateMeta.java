package io.weft.state.keyed;

import io.weft.core.types.BoundedIo;
import io.weft.state.snapshot.UnusableStateException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * What a snapshot records about one keyed state so that a restore can tell whether the state
 * registered under the same name can read it: the kind, whether entries carry a TTL timestamp,
 * the value type (as the type's readable name, e.g. {@code Tuple2<String, Long>}; for map state
 * {@code key type -> value type}) and the namespace serializer's class.
 *
 * @param valueType null while unknown: the heap backend accepts types it cannot serialize until
 *     it has to snapshot them
 */
public record StateMeta(String name, StateKind kind, boolean ttl, String valueType, String namespaceType) {
  public StateMeta {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespaceType, "namespaceType");
  }

  public void writeTo(DataOutput out) throws IOException {
    if (valueType == null) {
      throw new IllegalStateException("state '" + name + "' has no known value type and cannot be written");
    }
    BoundedIo.writeString(out, name);
    out.writeByte(kind.code());
    out.writeBoolean(ttl);
    BoundedIo.writeString(out, valueType);
    BoundedIo.writeString(out, namespaceType);
  }

  public static StateMeta read(DataInput in) throws IOException {
    String name = BoundedIo.readString(in, "a state name");
    StateKind kind = StateKind.ofCode(in.readByte());
    boolean ttl = in.readBoolean();
    String valueType = BoundedIo.readString(in, "a value type");
    String namespaceType = BoundedIo.readString(in, "a namespace type");
    return new StateMeta(name, kind, ttl, valueType, namespaceType);
  }

  /**
   * Checks that state snapshotted as {@code this} can be restored into {@code registered} (same
   * name); throws an {@link UnusableStateException} (an IllegalStateException) saying what differs.
   */
  public void checkRestorableAs(StateMeta registered) {
    String problem = null;
    if (kind != registered.kind) {
      problem = "it was snapshotted as " + kind + " state and is now registered as " + registered.kind;
    } else if (ttl != registered.ttl) {
      problem = ttl ? "it was snapshotted with a TTL and is now registered without one"
          : "it was snapshotted without a TTL and is now registered with one";
    } else if (registered.valueType != null && !registered.valueType.equals(valueType)) {
      problem = "its values were snapshotted as " + valueType + " and are now declared as " + registered.valueType;
    } else if (!namespaceType.equals(registered.namespaceType)) {
      problem = "its namespaces were written by " + namespaceType + " and are now read by " + registered.namespaceType;
    }
    if (problem != null) {
      throw new UnusableStateException("cannot restore keyed state '" + name + "': " + problem
          + ". Keep the state's declaration, or give the changed state a new name.");
    }
  }
}
