package io.weft.state.operator;

import io.weft.api.state.FunctionInitializationContext;
import io.weft.api.state.FunctionSnapshotContext;
import io.weft.api.state.KeyedStateStore;
import io.weft.api.state.OperatorStateStore;
import java.util.OptionalLong;

/** Plain implementations of the contexts a {@code CheckpointedFunction} is called with. */
public final class FunctionContexts {
  private FunctionContexts() {}

  /** @param keyedStateStore null on a non-keyed stream */
  public record Initialization(OptionalLong restoredCheckpointId, OperatorStateStore operatorStateStore,
      KeyedStateStore keyedStateStore) implements FunctionInitializationContext {
    @Override
    public boolean isRestored() {
      return restoredCheckpointId.isPresent();
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
      return restoredCheckpointId;
    }

    @Override
    public OperatorStateStore getOperatorStateStore() {
      return operatorStateStore;
    }

    @Override
    public KeyedStateStore getKeyedStateStore() {
      return keyedStateStore;
    }
  }

  public record Snapshot(long checkpointId, long checkpointTimestamp) implements FunctionSnapshotContext {
    @Override
    public long getCheckpointId() {
      return checkpointId;
    }

    @Override
    public long getCheckpointTimestamp() {
      return checkpointTimestamp;
    }
  }
}
