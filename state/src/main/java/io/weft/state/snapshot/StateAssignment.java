package io.weft.state.snapshot;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamNode;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.operator.OperatorStateRedistributor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which part of a checkpoint or savepoint each operator of a job starts from. Operators are matched
 * by their {@code uid} when they have one, else by their position in the plan (node id), so a job
 * whose operators carry uids can change around them and still find its state.
 *
 * <ul>
 *   <li>Keyed state: every handle the operator's old subtasks wrote; each new subtask's backend
 *       reads the key groups it owns, at any parallelism.</li>
 *   <li>Operator state (a source's position, a sink's pending files): at the same parallelism the
 *       state of the subtask with the same index; at another, every old subtask's state, in old
 *       subtask order, for the operator to redistribute (see {@link Assigned}).</li>
 *   <li>Timers: like keyed state, every handle; the timer restore reads its key groups.</li>
 *   <li>A user function's operator state lists ({@code CheckpointedFunction}): cut for each new
 *       subtask by {@link OperatorStateRedistributor} (even-split or union).</li>
 * </ul>
 * An operator is <em>fully finished</em> when every one of its old subtasks had finished (its chain's
 * {@code finish()} ran) when the state was taken, at whatever parallelism; the restored operator is
 * then not run again. Only whole chains are: a chain mixing fully finished operators with others,
 * or a fully finished operator fed by one that is not (both only after a change of the plan), is
 * refused, since running it would repeat what {@code finish()} emitted and skipping it would drop
 * what its other operators or its inputs still produce.
 * State that no operator of the job claims is refused, naming it, unless the caller allows it
 * ({@code -n}, {@code execution.savepoint.ignore-unclaimed-state}).
 */
public final class StateAssignment {
  /**
   * What one operator of one subtask starts from.
   *
   * @param keyed every keyed state handle of the operator (the backend picks its key groups)
   * @param ownState this subtask's operator state at the same parallelism, else null
   * @param previousStates at another parallelism: the state of every old subtask (null where one had
   *     none), indexed by old subtask; empty at the same parallelism
   * @param timers every timer handle of the operator (the restore picks its key groups)
   * @param functionState the user function's operator state lists this subtask restores
   * @param finished the operator is fully finished: every old subtask had finished
   */
  public record Assigned(List<KeyedStateHandle> keyed, byte[] ownState, List<byte[]> previousStates,
      List<KeyedStateHandle> timers, List<OperatorStateHandle> functionState, boolean finished) {
    public static final Assigned NONE = new Assigned(List.of(), null, List.of(), List.of(), List.of(), false);

    public Assigned {
      keyed = List.copyOf(keyed);
      previousStates = java.util.Collections.unmodifiableList(new ArrayList<>(previousStates));
      timers = List.copyOf(timers);
      functionState = List.copyOf(functionState);
    }

    /** True when the operator ran at another parallelism when the state was taken. */
    public boolean rescaled() {
      return !previousStates.isEmpty();
    }
  }

  /** One operator's state in the checkpoint, from all its old subtasks. */
  private static final class OperatorStates {
    final String description;
    final List<KeyedStateHandle> keyed = new ArrayList<>();
    final List<KeyedStateHandle> timers = new ArrayList<>();
    byte[][] own;
    int parallelism;
    /** The function's operator state by old subtask (null where one had none); null when there is none. */
    OperatorStateHandle[] functionState;
    /** Whether some old subtask had state here, rather than only its finished flag. */
    boolean hasState;
    /** The old subtasks that had finished, and their parallelism (-1 while none did). */
    final java.util.BitSet finished = new java.util.BitSet();
    int finishedOf = -1;

    boolean fullyFinished() {
      return finishedOf > 0 && finished.cardinality() == finishedOf;
    }

    OperatorStates(String description) {
      this.description = description;
    }
  }

  private final Map<String, OperatorStates> byKey;
  private final long checkpointId;

  private StateAssignment(Map<String, OperatorStates> byKey, long checkpointId) {
    this.byKey = byKey;
    this.checkpointId = checkpointId;
  }

  /** The checkpoint (or savepoint) the state was taken at. */
  public long checkpointId() {
    return checkpointId;
  }

  /**
   * Reads what every subtask acknowledged and matches it to {@code graph}'s operators.
   *
   * @throws IllegalStateException when state is unclaimed and {@code allowUnclaimed} is false
   * @throws IOException when a subtask's state description cannot be read
   */
  public static StateAssignment of(CheckpointMetadata metadata, JobGraph graph, boolean allowUnclaimed, String source)
      throws IOException {
    Map<String, OperatorStates> byKey = new LinkedHashMap<>();
    for (CheckpointMetadata.SubtaskState s : metadata.subtasks()) {
      for (TaskStateSnapshot.OperatorState o : TaskStateSnapshot.fromBytes(s.state()).operators()) {
        String key = key(o.uid(), o.nodeId());
        OperatorStates states = byKey.computeIfAbsent(key, k -> new OperatorStates(describe(o.uid(), o.nodeId())));
        states.hasState |= o.hasState();
        if (o.finished()) {
          if (states.finishedOf < 0) {
            states.finishedOf = s.parallelism();
          }
          if (s.parallelism() != states.finishedOf || s.subtaskIndex() >= s.parallelism()) {
            throw new IOException(source + ": operator " + states.description + " finished in subtask "
                + s.subtaskIndex() + " of " + s.parallelism() + " and in subtasks of " + states.finishedOf);
          }
          states.finished.set(s.subtaskIndex());
        }
        if (o.keyed() != null) {
          states.keyed.add(o.keyed());
        }
        if (o.timers() != null) {
          states.timers.add(o.timers());
        }
        if (o.functionState() != null) {
          if (states.functionState == null) {
            states.functionState = new OperatorStateHandle[s.parallelism()];
          }
          if (s.parallelism() != states.functionState.length || s.subtaskIndex() >= s.parallelism()) {
            throw new IOException(source + ": operator " + states.description + " has function state from subtask "
                + s.subtaskIndex() + " of " + s.parallelism() + " and from subtasks of " + states.functionState.length);
          }
          states.functionState[s.subtaskIndex()] = o.functionState();
        }
        if (o.operatorState() != null) {
          if (states.own == null) {
            states.parallelism = s.parallelism();
            states.own = new byte[s.parallelism()][];
          }
          if (s.parallelism() != states.parallelism || s.subtaskIndex() >= states.parallelism) {
            throw new IOException(source + ": operator " + states.description + " has state from subtask "
                + s.subtaskIndex() + " of " + s.parallelism() + " and from subtasks of " + states.parallelism);
          }
          states.own[s.subtaskIndex()] = o.operatorState();
        }
      }
    }
    List<String> unclaimed = new ArrayList<>();
    java.util.Set<String> claimed = new java.util.HashSet<>();
    for (JobVertex v : graph.vertices()) {
      for (StreamNode node : v.operators()) {
        claimed.add(key(node.uid(), node.id()));
      }
    }
    for (Map.Entry<String, OperatorStates> e : byKey.entrySet()) {
      // A stateless operator that had finished left only its flag: nothing is lost without it.
      if (!claimed.contains(e.getKey()) && e.getValue().hasState) {
        unclaimed.add(e.getValue().description);
      }
    }
    if (!unclaimed.isEmpty() && !allowUnclaimed) {
      throw new IllegalStateException(source + " has state of " + String.join(", ", unclaimed)
          + " that no operator of this job claims: give the operator that should take it the same uid(...),"
          + " or drop that state with -n (--allowNonRestoredState, execution.savepoint.ignore-unclaimed-state)");
    }
    StateAssignment assignment = new StateAssignment(byKey, metadata.checkpointId());
    assignment.checkFinishedChains(graph, source);
    return assignment;
  }

  /** Whether the operator {@code node} is fully finished in the restored state. */
  public boolean fullyFinished(StreamNode node) {
    OperatorStates states = byKey.get(key(node.uid(), node.id()));
    return states != null && states.fullyFinished();
  }

  /**
   * Refuses a plan that would run a fully finished operator again or skip one that is not: a chain
   * with both kinds, or a fully finished operator with an input that is not. Neither can come from
   * a restart of the same plan, where a chain finishes as a whole and only after all its inputs.
   */
  private void checkFinishedChains(JobGraph graph, String source) {
    for (JobVertex v : graph.vertices()) {
      List<String> finished = new ArrayList<>();
      List<String> running = new ArrayList<>();
      for (StreamNode node : v.operators()) {
        (fullyFinished(node) ? finished : running).add(node.name());
        if (fullyFinished(node)) {
          for (io.weft.core.plan.StreamEdge in : node.inEdges()) {
            if (!fullyFinished(in.source())) {
              throw new IllegalStateException(source + ": operator '" + node.name() + "' had finished in every subtask,"
                  + " but its input '" + in.source().name() + "' had not; this job cannot be restored from it");
            }
          }
        }
      }
      if (!finished.isEmpty() && !running.isEmpty()) {
        throw new IllegalStateException(source + ": the chain of task '" + v.name() + "' mixes operators that had"
            + " finished in every subtask (" + String.join(", ", finished) + ") with others ("
            + String.join(", ", running) + "); a restored task runs all its operators or none: chain them apart"
            + " (disableChaining) or restore from a state taken before they finished");
      }
    }
  }

  /** Node id to what that operator of {@code subtask} starts from; operators without state are left out. */
  public Map<Integer, Assigned> forSubtask(JobVertex vertex, int subtask) {
    Map<Integer, Assigned> result = new HashMap<>();
    for (StreamNode node : vertex.operators()) {
      OperatorStates states = byKey.get(key(node.uid(), node.id()));
      if (states == null) {
        continue;
      }
      List<OperatorStateHandle> functionState = states.functionState == null ? List.of()
          : OperatorStateRedistributor.redistribute(Arrays.asList(states.functionState), node.parallelism())
              .get(subtask);
      Assigned assigned;
      boolean finished = states.fullyFinished();
      if (states.own == null) {
        assigned = new Assigned(states.keyed, null, List.of(), states.timers, functionState, finished);
      } else if (states.parallelism == node.parallelism()) {
        assigned = new Assigned(states.keyed, states.own[subtask], List.of(), states.timers, functionState, finished);
      } else {
        assigned = new Assigned(states.keyed, null, Arrays.asList(states.own), states.timers, functionState, finished);
      }
      if (!assigned.keyed().isEmpty() || assigned.ownState() != null || assigned.rescaled()
          || !assigned.timers().isEmpty() || !assigned.functionState().isEmpty() || finished) {
        result.put(node.id(), assigned);
      }
    }
    return result;
  }

  /**
   * The old subtasks whose states a new subtask takes when operator state is split evenly at another
   * parallelism: old subtask j goes to new subtask j mod {@code parallelism}.
   */
  public static List<byte[]> evenSplit(List<byte[]> previousStates, int subtask, int parallelism) {
    List<byte[]> mine = new ArrayList<>();
    for (int j = subtask; j < previousStates.size(); j += parallelism) {
      if (previousStates.get(j) != null) {
        mine.add(previousStates.get(j));
      }
    }
    return mine;
  }

  private static String key(String uid, int nodeId) {
    return uid != null ? "uid:" + uid : "node:" + nodeId;
  }

  private static String describe(String uid, int nodeId) {
    return uid != null ? "uid '" + uid + "'" : "the operator at plan position " + nodeId + " (no uid)";
  }
}
