package io.weft.worker.metrics;

import io.weft.api.metrics.Counter;
import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.MeterView;
import io.weft.api.metrics.SimpleCounter;
import io.weft.core.metrics.ReportingMetricGroup;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An operator's metric group (scope {@code taskmanager_job_task_operator}, variables
 * {@code operator_id} and {@code operator_name}): what {@code getRuntimeContext().getMetricGroup()} returns, with the
 * built-in figures Flink reports per operator: {@code numRecordsIn}, {@code numRecordsOut}, their
 * rates {@code numRecordsInPerSecond}/{@code numRecordsOutPerSecond}, {@code currentInputWatermark}
 * and {@code currentOutputWatermark}. The task's chain counts into it.
 */
public final class OperatorMetricGroup {
  private final ReportingMetricGroup group;
  /** Records that reached the operator through the chain (a chain head's come from the task's input). */
  private final SimpleCounter recordsIn = new SimpleCounter();
  private final SimpleCounter recordsOut = new SimpleCounter();
  /**
   * Counted by the task's thread since its last {@link #publish()}: plain fields, because a store
   * other threads may read on every record cost J1 about 4%; the task publishes once per batch
   * (or source poll), so readers see counts at most one batch old.
   */
  private long unpublishedIn;
  private long unpublishedOut;
  private volatile long outputWatermark = Long.MIN_VALUE;
  private volatile long chainedInputWatermark = Long.MIN_VALUE;

  /**
   * @param taskInput for the chain's head, the task's records read; null for a chained operator
   * @param taskWatermark for the chain's head, the task's input watermark; null for a chained operator
   */
  OperatorMetricGroup(ReportingMetricGroup task, int operatorId, String operatorName, LongSupplier taskInput,
      LongSupplier taskWatermark) {
    Map<String, String> variables = new java.util.LinkedHashMap<>();
    variables.put("operator_id", Integer.toString(operatorId));
    variables.put("operator_name", operatorName);
    this.group = task.child("operator", operatorName, variables);
    Counter in = taskInput == null ? recordsIn : new SumCounter(recordsIn, taskInput);
    group.counter("numRecordsIn", in);
    group.counter("numRecordsOut", recordsOut);
    group.meter("numRecordsInPerSecond", new MeterView(in));
    group.meter("numRecordsOutPerSecond", new MeterView(recordsOut));
    LongSupplier inputWatermark = taskWatermark != null ? taskWatermark : () -> chainedInputWatermark;
    group.gauge("currentInputWatermark", (Gauge<Long>) inputWatermark::getAsLong);
    group.gauge("currentOutputWatermark", (Gauge<Long>) () -> outputWatermark);
  }

  /** The group the user's function registers its metrics in. */
  public ReportingMetricGroup group() {
    return group;
  }

  /** Counts a record the chain hands to this operator. */
  public void recordIn() {
    unpublishedIn++;
  }

  /** Counts a record this operator emits on its main output. */
  public void recordOut() {
    unpublishedOut++;
  }

  /** Makes what the task's thread counted since the last call visible to readers; on that thread only. */
  public void publish() {
    if (unpublishedIn != 0) {
      recordsIn.inc(unpublishedIn);
      unpublishedIn = 0;
    }
    if (unpublishedOut != 0) {
      recordsOut.inc(unpublishedOut);
      unpublishedOut = 0;
    }
  }

  public void inputWatermark(long watermark) {
    chainedInputWatermark = watermark;
  }

  public void outputWatermark(long watermark) {
    outputWatermark = watermark;
  }

  /** A counter that adds what the task counted to what the chain counted: a chain head's input. */
  private record SumCounter(Counter own, LongSupplier task) implements Counter {
    @Override
    public void inc() {
      own.inc();
    }

    @Override
    public void inc(long n) {
      own.inc(n);
    }

    @Override
    public void dec() {
      own.dec();
    }

    @Override
    public void dec(long n) {
      own.dec(n);
    }

    @Override
    public long getCount() {
      return own.getCount() + task.getAsLong();
    }
  }
}
