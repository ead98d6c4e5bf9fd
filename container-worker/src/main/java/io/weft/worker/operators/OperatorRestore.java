package io.weft.worker.operators;

import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an operator starts from after a restart or from a savepoint: the keyed state handles (of
 * every old subtask; the backend picks its key groups), its timers likewise, and its own subtask's
 * operator state (a source's position, a sink's pending files), or null. Restored at another
 * parallelism there is no own state: {@code previousStates} holds every old subtask's (null where
 * one had none), for the operator to redistribute. {@code functionState} holds the operator state
 * lists of its user function ({@code CheckpointedFunction}), already redistributed to this
 * subtask; {@code checkpointId} is the checkpoint restored from, -1 for a fresh start. {@code
 * finished}: every old subtask of the operator had finished when the state was taken, so it is
 * not run again (see {@code Task}).
 */
public record OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState, List<byte[]> previousStates,
    List<KeyedStateHandle> timers, List<OperatorStateHandle> functionState, long checkpointId, boolean finished) {
  public static final OperatorRestore NONE = new OperatorRestore(List.of(), null, List.of(), List.of(), List.of(), -1);

  public OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState, List<byte[]> previousStates,
      List<KeyedStateHandle> timers, List<OperatorStateHandle> functionState, long checkpointId) {
    this(keyed, operatorState, previousStates, timers, functionState, checkpointId, false);
  }

  public OperatorRestore {
    keyed = List.copyOf(keyed);
    previousStates = Collections.unmodifiableList(new ArrayList<>(previousStates));
    timers = List.copyOf(timers);
    functionState = List.copyOf(functionState);
  }

  /** Keyed and own state only; restored when there is any (the checkpoint's id unknown, taken as 0). */
  public OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState, List<byte[]> previousStates) {
    this(keyed, operatorState, previousStates, List.of(), List.of(),
        keyed.isEmpty() && operatorState == null && previousStates.isEmpty() ? -1 : 0);
  }

  public OperatorRestore(List<KeyedStateHandle> keyed, byte[] operatorState) {
    this(keyed, operatorState, List.of());
  }

  /** True when the state was taken at another parallelism of this operator. */
  public boolean rescaled() {
    return !previousStates.isEmpty();
  }

  /** True when the job was restored from a checkpoint or savepoint. */
  public boolean isRestored() {
    return checkpointId >= 0;
  }
}
