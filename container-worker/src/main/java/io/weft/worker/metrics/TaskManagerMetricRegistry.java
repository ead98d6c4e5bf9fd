package io.weft.worker.metrics;

import io.weft.api.metrics.Gauge;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.memory.TaskManagerMemory;
import io.weft.core.metrics.ReportingMetricGroup;
import io.weft.core.rpc.MetricScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskManager's metrics: its JVM's, its slots' managed memory, and those of the tasks it runs,
 * collected for each heartbeat ({@link #report}); every group carries the variable {@code tm_id}.
 * With {@code metrics.reporter.jmx.port} set, the same values are MBeans too.
 */
public final class TaskManagerMetricRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManagerMetricRegistry.class);

  private final Map<String, String> tmVariables;
  private final ReportingMetricGroup taskManager;
  private final long[] slotManagedUsed;
  private final JmxReporter jmx;

  public TaskManagerMetricRegistry(String taskManagerId, String host, Configuration conf) throws IOException {
    this.tmVariables = Map.of("tm_id", taskManagerId);
    this.taskManager = new ReportingMetricGroup("taskmanager", new String[] {host, taskManagerId}, tmVariables);
    JvmMetrics.register(taskManager);
    int slots = Math.max(1, conf.get(CoreOptions.NUM_TASK_SLOTS));
    long perSlot;
    try {
      perSlot = TaskManagerMemory.of(conf).managedPerSlot(slots).bytes();
    } catch (IllegalArgumentException e) {
      perSlot = -1; // a process size the memory model does not cover (tests): no total to show
    }
    this.slotManagedUsed = new long[slots];
    for (int i = 0; i < slots; i++) {
      int slot = i;
      var group = taskManager.addGroup("slot", Integer.toString(i));
      group.gauge("Status.Weft.Memory.Managed.Used", (Gauge<Long>) () -> slotManagedUsed[slot]);
      if (perSlot >= 0) {
        long total = perSlot;
        group.gauge("Status.Weft.Memory.Managed.Total", (Gauge<Long>) () -> total);
      }
    }
    this.jmx = JmxReporter.start(conf, host);
  }

  /**
   * The values of every metric now, for a heartbeat: the TaskManager's and those of {@code tasks}.
   * Runs on the heartbeat thread.
   */
  public List<MetricScope> report(Collection<TaskMetricGroup> tasks) {
    return report(tasks, t -> 0); // without deployments to say otherwise, as a one-slot TaskManager
  }

  /**
   * As {@link #report(Collection)}, with each task's managed memory counted in the slot {@code slotOf}
   * says; the JobManager's placement decides which subtask runs in which slot.
   */
  public List<MetricScope> report(Collection<TaskMetricGroup> tasks, ToIntFunction<TaskMetricGroup> slotOf) {
    long[] used = new long[slotManagedUsed.length];
    for (TaskMetricGroup t : tasks) {
      int slot = slotOf.applyAsInt(t);
      used[slot >= 0 && slot < used.length ? slot : 0] += t.managedMemoryBytes();
    }
    System.arraycopy(used, 0, slotManagedUsed, 0, used.length);
    List<MetricScope> out = new ArrayList<>();
    taskManager.updateViews();
    taskManager.snapshot(tmVariables, out);
    for (TaskMetricGroup t : tasks) {
      t.updateViews();
      t.snapshot(tmVariables, out);
    }
    if (jmx != null) {
      try {
        jmx.update(out);
      } catch (RuntimeException e) {
        LOG.warn("Could not update the JMX view of the metrics: {}", e.toString());
      }
    }
    return out;
  }

  /** The JMX server's port, or -1 without one. */
  public int jmxPort() {
    return jmx == null ? -1 : jmx.port();
  }

  @Override
  public void close() {
    if (jmx != null) {
      jmx.close();
    }
  }
}
