package io.weft.appmaster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
  /** Target 0.7, scale outside 0.6..0.8, at most 100 per task, 50 containers of 1 slot, catch up in 60 s. */
  private static final ScalingPolicy.Settings SETTINGS = new ScalingPolicy.Settings(0.7, 0.1, 100, 50, 1, 60);

  private static VertexLoad source(int id, int p, double busy, double outPerSecond) {
    return new VertexLoad(id, "src" + id, true, p, 128, List.of(), List.of(), busy, 0, outPerSecond, -1, 0);
  }

  private static VertexLoad task(int id, int p, double busy, double in, double out, Integer... inputs) {
    return new VertexLoad(id, "t" + id, false, p, 128, List.of(inputs), List.of(), busy, in, out, -1, 0);
  }

  private static VertexDecision of(List<VertexDecision> ds, int id) {
    return ds.stream().filter(d -> d.vertexId() == id).findFirst().orElseThrow();
  }

  @Test
  void aTaskBusierThanTheBoundScalesUpToTheTargetUtilization() {
    // 1000 records/s at p=2, busy 90 %: one subtask does 1000/2/0.9 = 555.6 per busy second.
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 2, 0.1, 1000),
        task(2, 2, 0.9, 1000, 1000, 1)));
    VertexDecision map = of(ds, 2);
    assertEquals(1000.0 / 2 / 0.9, map.trueRatePerSubtask(), 1e-6);
    assertEquals(1000, map.targetRate(), 1e-6);
    assertEquals(0.9, map.utilization(), 1e-6);
    assertEquals(3, map.newParallelism(), map.describe()); // ceil(1000 / (555.6 * 0.7)) = ceil(2.57)
    assertTrue(map.reason().startsWith("scale up"), map.reason());
    // The source idles 90 %: 1000 / (5000 * 2) = 0.1 utilization, well below: down to ceil(1000 / 3500) = 1.
    assertEquals(1, of(ds, 1).newParallelism(), of(ds, 1).describe());
  }

  @Test
  void aTaskIdleBelowTheBoundScalesDown() {
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.7, 1000),
        task(2, 4, 0.2, 1000, 1000, 1)));
    // 1000/4/0.2 = 1250 per subtask; utilization 0.2; needs ceil(1000 / 875) = 2.
    assertEquals(2, of(ds, 2).newParallelism(), of(ds, 2).describe());
    assertTrue(of(ds, 2).reason().startsWith("scale down"));
    assertEquals(1, of(ds, 1).newParallelism(), "the source at 0.7 keeps its parallelism");
    assertFalse(of(ds, 1).changes());
  }

  @Test
  void withinTheBoundaryNothingChangesEvenIfAnotherParallelismWouldBeCloserToTheTarget() {
    // Utilization 0.78 at p=3 is inside 0.6..0.8, though the target 0.7 alone would ask ceil(3 * 0.78 / 0.7) = 4.
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.5, 780),
        task(2, 3, 0.78, 780, 780, 1)));
    assertEquals(0.78, of(ds, 2).utilization(), 1e-6);
    assertEquals(3, of(ds, 2).newParallelism());
    assertTrue(of(ds, 2).reason().startsWith("kept: utilization within"), of(ds, 2).reason());
  }

  @Test
  void theTargetFlowsDownstreamThroughEachTasksRatioOfOutToIn() {
    // A flatMap that emits 3 records per record: its consumer must take 3 times the source's rate.
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.5, 1000),
        task(2, 1, 0.5, 1000, 3000, 1), task(3, 1, 0.7, 3000, 0, 2)));
    assertEquals(3000, of(ds, 3).targetRate(), 1e-6);
    assertEquals(0.7, of(ds, 3).utilization(), 1e-6);
  }

  @Test
  void aBackpressuredPipelineScalesItsBottleneckNotItsSource() {
    // The map limits the job to 500/s: the source is backpressured (busy only 10 %), the map busy 100 %.
    // Without a backlog metric the target is what flows; the map's utilization is 1.0, above 0.8.
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.1, 500),
        task(2, 1, 1.0, 500, 500, 1)));
    assertEquals(2, of(ds, 2).newParallelism(), of(ds, 2).describe()); // ceil(500 / 350)
    assertEquals(1, of(ds, 1).newParallelism());
  }

  @Test
  void twoInputsAddUp() {
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.5, 300),
        source(2, 1, 0.5, 700), task(3, 2, 0.5, 1000, 1000, 1, 2)));
    assertEquals(1000, of(ds, 3).targetRate(), 1e-6);
  }

  @Test
  void aSourceBacklogIsCaughtUpWithinTheCatchUpDuration() {
    // Reads 1000/s while its backlog grows 500/s: 1500/s arrive; 60 000 pending over 60 s adds 1000/s.
    VertexLoad kafka = new VertexLoad(1, "kafka", true, 1, 128, List.of(), List.of(), 0.5, 0, 1000, 60_000, 500);
    VertexDecision d = of(new ScalingPolicy(SETTINGS).evaluate(List.of(kafka)), 1);
    assertEquals(2500, d.targetRate(), 1e-6);
    assertEquals(2500.0 / 2000, d.utilization(), 1e-6);
    assertEquals(2, d.newParallelism(), d.describe()); // ceil(2500 / (2000 * 0.7)) = ceil(1.79)
  }

  @Test
  void aShrinkingBacklogLowersTheArrivalRateButNotBelowZero() {
    VertexLoad kafka = new VertexLoad(1, "kafka", true, 1, 128, List.of(), List.of(), 0.5, 0, 1000, 0, -1500);
    assertEquals(0, of(new ScalingPolicy(SETTINGS).evaluate(List.of(kafka)), 1).targetRate(), 1e-6);
  }

  @Test
  void neverAboveTheKeyGroupsNorTheVertexMax() {
    VertexLoad keyed = new VertexLoad(2, "keyed", false, 2, 4, List.of(1), List.of(), 1.0, 10_000, 0, -1, 0);
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.5, 50_000), keyed));
    assertEquals(4, of(ds, 2).newParallelism(), of(ds, 2).describe());
    assertTrue(of(ds, 2).reason().contains("capped at max parallelism 4"), of(ds, 2).reason());

    VertexLoad atMax = new VertexLoad(2, "keyed", false, 4, 4, List.of(1), List.of(), 1.0, 10_000, 0, -1, 0);
    VertexDecision kept = of(new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.5, 50_000), atMax)), 2);
    assertEquals(4, kept.newParallelism());
    assertTrue(kept.reason().contains("at its max parallelism 4"), kept.reason());

    ScalingPolicy.Settings vertexMax3 = new ScalingPolicy.Settings(0.7, 0.1, 3, 50, 1, 60);
    assertEquals(3, of(new ScalingPolicy(vertexMax3).evaluate(List.of(source(1, 1, 0.5, 50_000), keyed)), 2)
        .newParallelism());
  }

  @Test
  void maxContainersTimesSlotsCapsEveryTask() {
    ScalingPolicy.Settings twoContainersOfTwoSlots = new ScalingPolicy.Settings(0.7, 0.1, 100, 2, 2, 60);
    VertexDecision d = of(new ScalingPolicy(twoContainersOfTwoSlots).evaluate(List.of(source(1, 1, 0.5, 10_000),
        task(2, 2, 1.0, 1000, 1000, 1))), 2);
    assertEquals(4, d.newParallelism(), d.describe());
    assertTrue(d.reason().contains("job.autoscaler.max-containers=2"), d.reason());
  }

  @Test
  void aTaskAlreadyAboveTheContainerCapIsNotGrown() {
    ScalingPolicy.Settings cap2 = new ScalingPolicy.Settings(0.7, 0.1, 100, 2, 1, 60);
    VertexDecision up = of(new ScalingPolicy(cap2).evaluate(List.of(source(1, 1, 0.5, 10_000),
        task(2, 3, 1.0, 1000, 1000, 1))), 2);
    assertEquals(3, up.newParallelism(), up.describe());
    assertTrue(up.reason().startsWith("kept: needs p="), up.reason());
  }

  @Test
  void tasksAcrossAForwardEdgeGetTheLargerRecommendation() {
    VertexLoad a = new VertexLoad(2, "a", false, 2, 128, List.of(1), List.of(3), 0.95, 1000, 1000, -1, 0);
    VertexLoad b = new VertexLoad(3, "b", false, 2, 128, List.of(2), List.of(), 0.7, 1000, 0, -1, 0);
    List<VertexDecision> ds = new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 1, 0.7, 1000), a, b));
    assertEquals(3, of(ds, 2).newParallelism()); // ceil(0.95 * 2 / 0.7) = 3
    assertEquals(3, of(ds, 3).newParallelism(), of(ds, 3).reason());
    assertTrue(of(ds, 3).reason().contains("FORWARD edge"), of(ds, 3).reason());
  }

  @Test
  void aTaskThatProcessedNothingIsKeptWithoutARate() {
    VertexDecision d = of(new ScalingPolicy(SETTINGS).evaluate(List.of(source(1, 2, 0.0, 0))), 1);
    assertFalse(d.changes());
    assertTrue(Double.isNaN(d.trueRatePerSubtask()));
    assertTrue(d.reason().contains("no records processed"), d.reason());
    assertTrue(d.describe().contains("p=2 -> 2"), d.describe());
  }

  @Test
  void settingsOutOfRangeNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ScalingPolicy.Settings(1.5, 0.1, 10, 10, 1, 60));
    assertTrue(e.getMessage().contains("job.autoscaler.target.utilization 1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy.Settings(0.7, 0.1, 10, 0, 1, 60));
    assertTrue(e.getMessage().contains("job.autoscaler.max-containers 0"), e.getMessage());
  }
}
