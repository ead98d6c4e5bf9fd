package io.weft.state.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.sink.CollectSink;
import io.weft.api.source.FromElementsSource;
import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamNode;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** Matching a checkpoint's operator state to a job's operators, by uid and at other parallelisms. */
class StateAssignmentTest {

  /** numbers (uid "numbers", p=1) → doubled (no uid) → sink (uid or not) at {@code sinkParallelism}. */
  private static JobGraph job(String sinkUid, int sinkParallelism) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    var doubled = env.fromSource(new FromElementsSource<>(List.of(1L, 2L, 3L)), "numbers", TypeInfo.of(Long.class))
        .uid("numbers").setParallelism(1)
        .map(v -> v * 2).returns(Long.class).name("doubled");
    var sink = doubled.sinkTo(new CollectSink<>()).setParallelism(sinkParallelism);
    if (sinkUid != null) {
      sink.uid(sinkUid);
    }
    return env.buildJobGraph("assignment");
  }

  private static StreamNode node(JobGraph graph, String namePart) {
    return graph.streamGraph().nodes().stream().filter(n -> n.name().contains(namePart)).findFirst().orElseThrow();
  }

  /** A checkpoint of {@code graph} where every subtask of every operator kept "<name>-<subtask>". */
  private static CheckpointMetadata checkpointOf(JobGraph graph) {
    List<CheckpointMetadata.SubtaskState> subtasks = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        List<TaskStateSnapshot.OperatorState> states = new ArrayList<>();
        for (StreamNode n : v.operators()) {
          states.add(new TaskStateSnapshot.OperatorState(n.id(), n.uid(), null, (n.name() + "-" + i).getBytes()));
        }
        subtasks.add(new CheckpointMetadata.SubtaskState(v.id(), i, v.parallelism(),
            new TaskStateSnapshot(states).toBytes()));
      }
    }
    return new CheckpointMetadata("job_1", 7, 0, subtasks);
  }

  private static Map<Integer, StateAssignment.Assigned> of(StateAssignment a, JobGraph graph, StreamNode node, int i) {
    return a.forSubtask(graph.vertexOf(node), i);
  }

  @Test
  void atTheSameParallelismEachSubtaskGetsItsOwnState() throws Exception {
    JobGraph graph = job("out", 2);
    StateAssignment a = StateAssignment.of(checkpointOf(graph), graph, false, "chk-7");
    StreamNode sink = node(graph, "Sink");
    for (int i = 0; i < 2; i++) {
      StateAssignment.Assigned assigned = of(a, graph, sink, i).get(sink.id());
      assertArrayEquals((sink.name() + "-" + i).getBytes(), assigned.ownState());
      assertTrue(!assigned.rescaled());
    }
  }

  @Test
  void atAnotherParallelismEveryOldStateIsHandedOverForTheOperatorToSplit() throws Exception {
    JobGraph before = job("out", 2);
    JobGraph after = job("out", 3);
    StateAssignment a = StateAssignment.of(checkpointOf(before), after, false, "chk-7");
    StreamNode sink = node(after, "Sink");
    String oldName = node(before, "Sink").name();
    StateAssignment.Assigned third = of(a, after, sink, 2).get(sink.id());
    assertNull(third.ownState());
    assertEquals(2, third.previousStates().size());
    assertArrayEquals((oldName + "-1").getBytes(), third.previousStates().get(1));
    assertEquals(1, StateAssignment.evenSplit(third.previousStates(), 0, 3).size());
    assertEquals(0, StateAssignment.evenSplit(third.previousStates(), 2, 3).size());
    assertEquals(2, StateAssignment.evenSplit(third.previousStates(), 0, 1).size(), "shrinking to one takes all");
    // The source kept its parallelism: it gets its own state as before.
    StreamNode numbers = node(after, "numbers");
    assertArrayEquals((numbers.name() + "-0").getBytes(), of(a, after, numbers, 0).get(numbers.id()).ownState());
  }

  @Test
  void stateOfAnOperatorNoLongerThereIsRefusedByNameUnlessAllowed() throws Exception {
    JobGraph before = job("out", 2);
    JobGraph renamed = job("results", 2);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateAssignment.of(checkpointOf(before), renamed, false, "hdfs:///sp/savepoint-1/_metadata"));
    assertTrue(e.getMessage().contains("uid 'out'") && e.getMessage().contains("-n")
        && e.getMessage().contains("hdfs:///sp/savepoint-1/_metadata"), e.getMessage());
    StateAssignment a = StateAssignment.of(checkpointOf(before), renamed, true, "sp");
    StreamNode sink = node(renamed, "Sink");
    assertTrue(!of(a, renamed, sink, 0).containsKey(sink.id()), "the renamed sink starts empty");
  }

  @Test
  void operatorsWithoutUidAreMatchedByTheirPositionInThePlan() throws Exception {
    JobGraph graph = job(null, 2);
    StateAssignment a = StateAssignment.of(checkpointOf(graph), job(null, 2), false, "chk-7");
    StreamNode doubled = node(graph, "doubled");
    assertArrayEquals((doubled.name() + "-1").getBytes(), of(a, graph, doubled, 1).get(doubled.id()).ownState());
  }
  /**
   * A checkpoint of {@code graph} taken when the subtasks {@code finished} names had finished: they
   * list every operator with the flag, the others only their sink (the one operator with state).
   */
  private static CheckpointMetadata checkpointOf(JobGraph graph, BiPredicate<String, Integer> finished) {
    List<CheckpointMetadata.SubtaskState> subtasks = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        boolean done = finished.test(v.head().name(), i);
        List<TaskStateSnapshot.OperatorState> states = new ArrayList<>();
        for (StreamNode n : v.operators()) {
          byte[] own = n.name().contains("Sink") ? ("sink-" + i).getBytes() : null;
          if (own != null || done) {
            states.add(new TaskStateSnapshot.OperatorState(n.id(), n.uid(), null, own, null, null, done));
          }
        }
        subtasks.add(new CheckpointMetadata.SubtaskState(v.id(), i, v.parallelism(),
            new TaskStateSnapshot(states).toBytes()));
      }
    }
    return new CheckpointMetadata("job_1", 8, 0, subtasks);
  }

  @Test
  void anOperatorWhoseEverySubtaskFinishedIsFullyFinishedAndKeepsItsState() throws Exception {
    JobGraph graph = job("out", 2);
    StateAssignment a = StateAssignment.of(checkpointOf(graph, (v, i) -> true), graph, false, "chk-8");
    StreamNode doubled = node(graph, "doubled");
    StreamNode sink = node(graph, "Sink");
    assertTrue(a.fullyFinished(doubled) && a.fullyFinished(sink) && a.fullyFinished(node(graph, "numbers")));
    for (int i = 0; i < 2; i++) {
      Map<Integer, StateAssignment.Assigned> assigned = of(a, graph, sink, i);
      assertTrue(assigned.get(doubled.id()).finished(), "a stateless operator gets its mark too");
      assertTrue(assigned.get(sink.id()).finished());
      assertArrayEquals(("sink-" + i).getBytes(), assigned.get(sink.id()).ownState(),
          "a finished sink still gets its state: it commits what the checkpoint carries");
    }
  }

  @Test
  void anOperatorIsFullyFinishedOnlyIfEveryOldSubtaskWasAlsoWhenRescaled() throws Exception {
    JobGraph before = job("out", 2);
    JobGraph after = job("out", 3);
    // Subtask 1 of the doubled+sink chain still ran: partially finished, so it runs again.
    StateAssignment partly = StateAssignment.of(
        checkpointOf(before, (v, i) -> v.contains("numbers") || i == 0), after, false, "chk-8");
    StreamNode sink = node(after, "Sink");
    assertTrue(partly.fullyFinished(node(after, "numbers")));
    assertTrue(!partly.fullyFinished(node(after, "doubled")) && !partly.fullyFinished(sink));
    for (int i = 0; i < 3; i++) {
      StateAssignment.Assigned assigned = of(partly, after, sink, i).get(sink.id());
      assertTrue(!assigned.finished() && assigned.rescaled());
    }
    StateAssignment all = StateAssignment.of(checkpointOf(before, (v, i) -> true), after, false, "chk-8");
    for (int i = 0; i < 3; i++) {
      assertTrue(of(all, after, sink, i).get(sink.id()).finished(), "new subtask " + i);
    }
  }

  @Test
  void aStateWrittenBeforeTheFlagHasNothingFinished() throws Exception {
    JobGraph graph = job("out", 2);
    StateAssignment a = StateAssignment.of(checkpointOf(graph), graph, false, "chk-7");
    assertTrue(graph.streamGraph().nodes().stream().noneMatch(a::fullyFinished));
  }

  @Test
  void aChainMixingFinishedOperatorsWithOthersIsRefused() throws Exception {
    // Before: doubled (p=2) and the sink (p=3) apart, only doubled finished; after: chained at p=2.
    JobGraph before = job("out", 3);
    JobGraph after = job("out", 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateAssignment.of(
        checkpointOf(before, (v, i) -> !v.contains("Sink")), after, false, "sp-1"));
    assertTrue(e.getMessage().contains("mixes") && e.getMessage().contains("sp-1"), e.getMessage());
  }

  @Test
  void aFinishedOperatorFedByOneThatIsNotIsRefused() throws Exception {
    JobGraph graph = job("out", 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateAssignment.of(
        checkpointOf(graph, (v, i) -> !v.contains("numbers")), graph, false, "chk-8"));
    assertTrue(e.getMessage().contains("numbers"), e.getMessage());
  }
}
