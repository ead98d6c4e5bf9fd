package io.weft.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.core.rpc.MetricScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskMetricGroupTest {
  /** A task's figures, set by the test. */
  private static final class Figures implements TaskMetricGroup.Figures {
    volatile long in;
    volatile long out;
    volatile long backPressured;
    volatile long idle;
    volatile long watermark = Long.MIN_VALUE;

    @Override
    public long recordsIn() {
      return in;
    }

    @Override
    public long recordsOut() {
      return out;
    }

    @Override
    public long backPressuredNanos() {
      return backPressured;
    }

    @Override
    public long idleNanos() {
      return idle;
    }

    @Override
    public long inputWatermark() {
      return watermark;
    }
  }

  private static MetricScope scope(List<MetricScope> scopes, String name, String operator) {
    return scopes.stream().filter(s -> s.scope().equals(name))
        .filter(s -> operator == null || operator.equals(s.variables().get("operator_name"))).findFirst().orElseThrow();
  }

  @Test
  void theTasksAndItsOperatorsFiguresAreReportedUnderFlinksNames() {
    Figures task = new Figures();
    TaskMetricGroup group = new TaskMetricGroup("job-1", 3, "Map -> Filter", 1, task);
    OperatorMetricGroup map = group.addOperator(4, "Map", true, () -> 0);
    OperatorMetricGroup filter = group.addOperator(5, "Filter", false, () -> 1024);
    task.in = 10;
    task.out = 3;
    task.watermark = 100;
    for (int i = 0; i < 7; i++) {
      map.recordOut();
      filter.recordIn();
    }
    for (int i = 0; i < 3; i++) {
      filter.recordOut();
    }
    // Counted per record, visible once the task publishes (once per pass of its loop).
    group.updateViews();
    List<MetricScope> before = new ArrayList<>();
    group.snapshot(Map.of("tm_id", "tm-2"), before);
    assertEquals(0.0, scope(before, "taskmanager_job_task_operator", "Filter").metric("numRecordsIn").value());
    map.publish();
    filter.publish();
    map.outputWatermark(100);
    filter.inputWatermark(100);
    filter.outputWatermark(99);
    group.checkpointAcknowledged(4, 2048, 12);
    task.idle = 3_600_000_000_000L; // an hour parked since the group began: idle all of every second
    group.updateViews();

    List<MetricScope> scopes = new ArrayList<>();
    group.snapshot(Map.of("tm_id", "tm-2"), scopes);
    MetricScope t = scope(scopes, "taskmanager_job_task", null);
    assertEquals(Map.of("job_id", "job-1", "task_id", "3", "task_name", "Map -> Filter", "subtask_index", "1",
        "tm_id", "tm-2"), t.variables());
    assertEquals(10.0, t.metric("numRecordsIn").value());
    assertEquals(3.0, t.metric("numRecordsOut").value());
    assertEquals(1000.0, t.metric("idleTimeMsPerSecond").value());
    assertEquals(0.0, t.metric("busyTimeMsPerSecond").value());
    assertEquals(0.0, t.metric("backPressuredTimeMsPerSecond").value());
    assertEquals(0.0, t.metric("isBackPressured").value());
    assertEquals(4.0, t.metric("lastCheckpointId").value());
    assertEquals(2048.0, t.metric("lastCheckpointSize").value());
    assertEquals(12.0, t.metric("checkpointAlignmentTime").value());

    MetricScope head = scope(scopes, "taskmanager_job_task_operator", "Map");
    assertEquals("4", head.variables().get("operator_id"));
    assertEquals(10.0, head.metric("numRecordsIn").value(), "a chain head reads the task's input");
    assertEquals(7.0, head.metric("numRecordsOut").value());
    assertEquals(100.0, head.metric("currentInputWatermark").value());
    assertEquals(100.0, head.metric("currentOutputWatermark").value());
    MetricScope chained = scope(scopes, "taskmanager_job_task_operator", "Filter");
    assertEquals(7.0, chained.metric("numRecordsIn").value());
    assertEquals(3.0, chained.metric("numRecordsOut").value());
    assertEquals(100.0, chained.metric("currentInputWatermark").value());
    assertEquals(99.0, chained.metric("currentOutputWatermark").value());
    assertEquals(1024, group.managedMemoryBytes());
  }
}
