package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.appmaster.containers.ContainerOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.JobGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static JobGraph keyed(int parallelism) {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(parallelism);
    env.fromSequence(1, 10).keyBy(x -> x % 3).reduce(Long::sum).print();
    return env.buildJobGraph("keyed");
  }

  private static JobGraph forwardOnly(int parallelism) {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(parallelism);
    env.fromSequence(1, 10).map(x -> x + 1).print();
    return env.buildJobGraph("forward");
  }

  /** A map of parallelism 4 feeding a keyed sum of parallelism 16: the smaller task is the one placement moves. */
  private static JobGraph narrowSourceWideSum() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(16);
    env.fromSequence(1, 100).map(x -> x * 2).setParallelism(4).keyBy(x -> x % 7).reduce(Long::sum).print();
    return env.buildJobGraph("narrow source");
  }

  private static Set<Integer> taskManagersOf(Placement p, int parallelism) {
    Set<Integer> tms = new HashSet<>();
    for (int i = 0; i < parallelism; i++) {
      tms.add(p.taskManagerOf(i));
    }
    return tms;
  }

  /** Every subtask index of the job has its own (TaskManager, slot), inside the TaskManagers and slots there are. */
  private static void assertEverySubtaskHasItsOwnSlot(Placement p, int maxParallelism) {
    Set<List<Integer>> positions = new HashSet<>();
    for (int i = 0; i < maxParallelism; i++) {
      int tm = p.taskManagerOf(i);
      int slot = p.slotOf(i);
      assertTrue(tm >= 0 && tm < p.numTaskManagers(), "subtask " + i + " on TaskManager " + tm);
      assertTrue(slot >= 0 && slot < p.slots(), "subtask " + i + " in slot " + slot);
      assertTrue(positions.add(List.of(tm, slot)), "subtask " + i + " shares (" + tm + ", " + slot + ")");
    }
  }

  @Test
  void spreadIsTheDefaultAndPutsSubtaskIOnTaskManagerIModN() {
    Placement p = Placement.of(forwardOnly(5), new Configuration().set(CoreOptions.NUM_TASK_SLOTS, 2));
    assertTrue(p.spread());
    assertEquals(3, p.numTaskManagers());
    assertEquals(List.of(0, 1, 2, 0, 1), List.of(p.taskManagerOf(0), p.taskManagerOf(1), p.taskManagerOf(2),
        p.taskManagerOf(3), p.taskManagerOf(4)));
    assertEquals(List.of(0, 0, 0, 1, 1), List.of(p.slotOf(0), p.slotOf(1), p.slotOf(2), p.slotOf(3), p.slotOf(4)));
    assertEverySubtaskHasItsOwnSlot(p, 5);
  }

  @Test
  void packedFillsOneTaskManagerBeforeTheNext() {
    Configuration conf = new Configuration().set(CoreOptions.NUM_TASK_SLOTS, 2)
        .set(ContainerOptions.EVENLY_SPREAD_OUT_SLOTS, false);
    Placement p = Placement.of(forwardOnly(5), conf);
    assertFalse(p.spread());
    assertEquals(3, p.numTaskManagers());
    assertEquals(List.of(0, 0, 1, 1, 2), List.of(p.taskManagerOf(0), p.taskManagerOf(1), p.taskManagerOf(2),
        p.taskManagerOf(3), p.taskManagerOf(4)));
    assertEquals(List.of(0, 1, 0, 1, 0), List.of(p.slotOf(0), p.slotOf(1), p.slotOf(2), p.slotOf(3), p.slotOf(4)));
    assertEverySubtaskHasItsOwnSlot(p, 5);
  }

  @Test
  void aNarrowTaskRunsOnAsManyTaskManagersAsItHasSubtasksOnlyWhenSpread() {
    JobGraph graph = narrowSourceWideSum();
    Placement spread = Placement.of(graph, 2, true);
    Placement packed = Placement.of(graph, 2, false);
    assertEquals(8, spread.numTaskManagers());
    assertEquals(8, packed.numTaskManagers(), "both ask for the same TaskManagers");
    assertEquals(Set.of(0, 1, 2, 3), taskManagersOf(spread, 4), "the 4 map subtasks on 4 TaskManagers");
    assertEquals(Set.of(0, 1), taskManagersOf(packed, 4), "the 4 map subtasks fill 2 TaskManagers");
    for (Placement p : List.of(spread, packed)) {
      assertEverySubtaskHasItsOwnSlot(p, 16);
      // The wide task has exactly as many subtasks on each TaskManager as it has slots.
      List<Integer> perTaskManager = new ArrayList<>(List.of(0, 0, 0, 0, 0, 0, 0, 0));
      for (int i = 0; i < 16; i++) {
        perTaskManager.set(p.taskManagerOf(i), perTaskManager.get(p.taskManagerOf(i)) + 1);
      }
      assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2), perTaskManager);
    }
  }

  @Test
  void allToAllEdgesSpreadOverTaskManagersByTheLargestParallelism() {
    assertEquals(1, Placement.of(keyed(2), 2).numTaskManagers());
    Placement p = Placement.of(keyed(4), 2, false);
    assertEquals(2, p.numTaskManagers());
    assertEquals(1, p.taskManagerOf(3));
    assertEquals(1, p.slotOf(3));
    Placement spread = Placement.of(keyed(4), 2, true);
    assertEquals(1, spread.taskManagerOf(3));
    assertEquals(1, spread.slotOf(3));
    assertEquals(0, spread.taskManagerOf(2));
    assertEquals(1, spread.slotOf(2));
  }

  @Test
  void oneSlotPerTaskManagerPlacesTheSameEitherWay() {
    Placement spread = Placement.of(keyed(3), 1, true);
    Placement packed = Placement.of(keyed(3), 1, false);
    for (int i = 0; i < 3; i++) {
      assertEquals(packed.taskManagerOf(i), spread.taskManagerOf(i));
      assertEquals(0, spread.slotOf(i));
    }
  }

  @Test
  void aTaskManagerNeedsASlot() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Placement.of(keyed(2), 0));
    assertTrue(e.getMessage().contains("-ys"), e.getMessage());
  }

  @Test
  void aRescaleAddsPositionsWithoutMovingTheRunningSubtasksWhichMoveOnlyWithTheNextAttempt() {
    Placement p = Placement.of(keyed(2), 2, true);
    assertEquals(1, p.numTaskManagers());
    assertEquals(Set.of(0), taskManagersOf(p, 2));

    p.resizeFor(keyed(4)); // containers for p=4 are requested while p=2 runs: cancels must reach tm-0
    assertEquals(2, p.numTaskManagers());
    assertEquals(Set.of(0), taskManagersOf(p, 2), "the running subtasks stay where they were deployed");
    assertEquals(1, p.slotOf(1));

    p.placeFor(keyed(4)); // the next attempt deploys p=4 spread over both
    assertEquals(Set.of(0, 1), taskManagersOf(p, 4));
    assertEverySubtaskHasItsOwnSlot(p, 4);
  }
}
