package io.weft.worker.operators;

import io.weft.state.snapshot.KeyedStateHandle;
import java.util.List;

/**
 * What an operator starts from after a restart: the keyed state handles of its last checkpoint
 * (of every old subtask; the backend picks its key groups) and its own subtask's operator state
 * (a source's position, a sink's pending files), or null.
 */
public record OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState) {
  public static final OperatorRestore NONE = new OperatorRestore(List.of(), null);

  public OperatorRestore {
    keyed = List.copyOf(keyed);
  }
}
