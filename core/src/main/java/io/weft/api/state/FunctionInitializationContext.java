package io.weft.api.state;

import java.util.OptionalLong;

/** What {@link CheckpointedFunction#initializeState} gets: the state stores, and whether they were restored. */
public interface FunctionInitializationContext {
  /** True when the stores hold state restored from a checkpoint or savepoint. */
  boolean isRestored();

  /** The checkpoint restored from, if {@link #isRestored()}. */
  OptionalLong getRestoredCheckpointId();

  OperatorStateStore getOperatorStateStore();

  /** The keyed state of the operator, or null when the function does not run on a keyed stream. */
  KeyedStateStore getKeyedStateStore();
}
