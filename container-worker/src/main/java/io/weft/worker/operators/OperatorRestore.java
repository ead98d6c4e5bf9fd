package io.weft.worker.operators;

import io.weft.state.snapshot.KeyedStateHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an operator starts from after a restart or from a savepoint: the keyed state handles (of
 * every old subtask; the backend picks its key groups) and its own subtask's operator state (a
 * source's position, a sink's pending files), or null. Restored at another parallelism there is no
 * own state: {@code previousStates} holds every old subtask's (null where one had none), for the
 * operator to redistribute.
 */
public record OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState, List<byte[]> previousStates) {
  public static final OperatorRestore NONE = new OperatorRestore(List.of(), null);

  public OperatorRestore {
    keyed = List.copyOf(keyed);
    previousStates = Collections.unmodifiableList(new ArrayList<>(previousStates));
  }

  public OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState) {
    this(keyed, operatorState, List.of());
  }

  /** True when the state was taken at another parallelism of this operator. */
  public boolean rescaled() {
    return !previousStates.isEmpty();
  }
}
