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
  /** Each slot's managed memory in use, from the slots themselves; null: none measured. */
  private volatile java.util.function.IntToLongFunction slotUsage;

  public TaskManagerMetricRegistry(String taskManagerId, String host, Configuration conf) throws IOException {
    this.tmVariables = Map.of("tm_id", taskManagerId);
    this.taskManager = new ReportingMetricGroup("taskmanager", new String[] {host, taskManagerId}, tmVariables);
    JvmMetrics.register(taskManager);
    int slots = Math.max(1, conf.get(CoreOptions.NUM_TASK_SLOTS));
    long perSlot;
    try {
      TaskManagerMemory model = TaskManagerMemory.of(conf);
      perSlot = model.managedPerSlot(slots).bytes();
      long network = model.network().bytes();
      taskManager.gauge("Status.Weft.Memory.Network.Total", (Gauge<Long>) () -> network);
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
   * Where {@code Status.Weft.Memory.Managed.Used} of each slot comes from: the bytes the slot's
   * shared RocksDB cache holds (memtables included), one figure per slot however many operators
   * share it.
   */
  public void measureSlotsBy(java.util.function.IntToLongFunction usage) {
    this.slotUsage = usage;
  }

  /**
   * The values of every metric now, for a heartbeat: the TaskManager's and those of {@code tasks}.
   * Runs on the heartbeat thread.
   */
  public List<MetricScope> report(Collection<TaskMetricGroup> tasks) {
    java.util.function.IntToLongFunction usage = slotUsage;
    for (int i = 0; i < slotManagedUsed.length; i++) {
      slotManagedUsed[i] = usage == null ? 0 : usage.applyAsLong(i);
    }
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
