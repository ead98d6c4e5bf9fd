package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
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

  @Test
  void slotSharingPutsSubtaskIOfEveryTaskOnTaskManagerIDividedBySlots() {
    Placement p = Placement.of(forwardOnly(5), 2);
    assertEquals(3, p.numTaskManagers());
    assertEquals(0, p.taskManagerOf(1));
    assertEquals(1, p.slotOf(1));
    assertEquals(1, p.taskManagerOf(2));
    assertEquals(0, p.slotOf(2));
    assertEquals(2, p.taskManagerOf(4));
  }

  @Test
  void allToAllEdgesSpreadOverTaskManagersByTheLargestParallelism() {
    assertEquals(1, Placement.of(keyed(2), 2).numTaskManagers());
    Placement p = Placement.of(keyed(4), 2);
    assertEquals(2, p.numTaskManagers());
    assertEquals(1, p.taskManagerOf(3));
    assertEquals(1, p.slotOf(3));
  }

  @Test
  void aTaskManagerNeedsASlot() {
    assertThrows(IllegalArgumentException.class, () -> Placement.of(keyed(2), 0));
  }
}
