package io.weft.worker.metrics;

import io.weft.api.metrics.Counter;
import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.MeterView;
import io.weft.core.metrics.ReportingMetricGroup;
import io.weft.core.rpc.MetricScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A subtask's metrics (scope {@code taskmanager_job_task}; variables {@code job_id}, {@code task_id}
 * (the vertex id), {@code task_name}, {@code subtask_index}): Flink's per-task figures, read from the
 * task's own counters when reported, and the groups of its operators. Lives as long as the task.
 * The ids keep the series of two tasks or operators of one name apart.
 */
public final class TaskMetricGroup {
  /** What the group reads from its task. */
  public interface Figures {
    long recordsIn();

    long recordsOut();

    long backPressuredNanos();

    long idleNanos();

    long inputWatermark();
  }

  private final ReportingMetricGroup group;
  private final Figures task;
  private final int subtaskIndex;
  private final List<LongSupplier> managedMemory = new CopyOnWriteArrayList<>();
  private volatile long lastCheckpointId = -1;
  private volatile long lastCheckpointSize;
  private volatile long lastCheckpointAlignment;

  public TaskMetricGroup(String jobId, int taskId, String taskName, int subtaskIndex, Figures task) {
    this.task = task;
    this.subtaskIndex = subtaskIndex;
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("job_id", jobId);
    variables.put("task_id", Integer.toString(taskId));
    variables.put("task_name", taskName);
    variables.put("subtask_index", Integer.toString(subtaskIndex));
    this.group = new ReportingMetricGroup("taskmanager_job_task", new String[] {jobId, taskName,
        Integer.toString(subtaskIndex)}, variables);
    Counter in = new ReadOnlyCounter(task::recordsIn);
    Counter out = new ReadOnlyCounter(task::recordsOut);
    group.counter("numRecordsIn", in);
    group.counter("numRecordsOut", out);
    group.meter("numRecordsInPerSecond", new MeterView(in));
    group.meter("numRecordsOutPerSecond", new MeterView(out));
    TimeShare backPressured = group.gauge("backPressuredTimeMsPerSecond", new TimeShare(task::backPressuredNanos));
    TimeShare idle = group.gauge("idleTimeMsPerSecond", new TimeShare(task::idleNanos));
    group.gauge("busyTimeMsPerSecond", TimeShare.busy(backPressured, idle));
    // Flink's threshold: backpressured for more than a tenth of the time.
    group.gauge("isBackPressured", (Gauge<Boolean>) () -> backPressured.getValue() > 100);
    group.gauge("currentInputWatermark", (Gauge<Long>) task::inputWatermark);
    group.gauge("lastCheckpointId", (Gauge<Long>) () -> lastCheckpointId);
    group.gauge("lastCheckpointSize", (Gauge<Long>) () -> lastCheckpointSize);
    group.gauge("checkpointAlignmentTime", (Gauge<Long>) () -> lastCheckpointAlignment);
  }

  /**
   * The group of one operator of the task's chain.
   *
   * @param operatorId the operator's node id in the plan
   * @param head whether it heads the chain: its input is then the task's input
   * @param managedMemoryBytes the managed memory the operator's state holds (read when reported)
   */
  public OperatorMetricGroup addOperator(int operatorId, String operatorName, boolean head,
      LongSupplier managedMemoryBytes) {
    managedMemory.add(managedMemoryBytes);
    return head ? new OperatorMetricGroup(group, operatorId, operatorName, task::recordsIn, task::inputWatermark)
        : new OperatorMetricGroup(group, operatorId, operatorName, null, null);
  }

  /** The subtask acknowledged a checkpoint: its figures for the checkpoint gauges. */
  public void checkpointAcknowledged(long checkpointId, long stateSizeBytes, long alignmentMillis) {
    lastCheckpointSize = stateSizeBytes;
    lastCheckpointAlignment = alignmentMillis;
    lastCheckpointId = checkpointId;
  }

  public int subtaskIndex() {
    return subtaskIndex;
  }

  /** Managed memory the task's operators hold for their state. */
  public long managedMemoryBytes() {
    long sum = 0;
    for (LongSupplier s : managedMemory) {
      sum += s.getAsLong();
    }
    return sum;
  }

  public void updateViews() {
    group.updateViews();
  }

  public void snapshot(Map<String, String> extraVariables, List<MetricScope> out) {
    group.snapshot(extraVariables, out);
  }

  /** A counter over a count kept elsewhere (the task's own). */
  private record ReadOnlyCounter(LongSupplier count) implements Counter {
    @Override
    public void inc() {
      throw new UnsupportedOperationException("the task counts this itself");
    }

    @Override
    public void inc(long n) {
      inc();
    }

    @Override
    public void dec() {
      inc();
    }

    @Override
    public void dec(long n) {
      inc();
    }

    @Override
    public long getCount() {
      return Math.max(0, count.getAsLong());
    }
  }
}
