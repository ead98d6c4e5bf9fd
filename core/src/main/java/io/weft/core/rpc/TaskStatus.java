package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * One task's state and counters, as carried by a {@link Heartbeat}.
 *
 * @param backPressuredMillis time the task has spent waiting for room in its output channels, in
 *     total; its growth between heartbeats is the share of time the task is backpressured
 * @param inputUsagePercent how full the task's fullest input channel is (high: the task is slow)
 * @param outputUsagePercent how full its fullest output channel is (high: a consumer is slow)
 * @param sourceProgressPermille for a source task, the share of its input read in thousandths;
 *     -1 for other tasks and for sources without an end
 * @param watermark the task's current input watermark (the minimum over its input channels);
 *     {@link Long#MIN_VALUE} for a task without inputs or before the first watermark
 */
public record TaskStatus(String taskId, TaskState state, long recordsIn, long recordsOut, long backPressuredMillis,
    int inputUsagePercent, int outputUsagePercent, int sourceProgressPermille, long watermark) {
  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
    Wire.nonNegative(recordsIn, "recordsIn");
    Wire.nonNegative(recordsOut, "recordsOut");
    Wire.nonNegative(backPressuredMillis, "backPressuredMillis");
    percent(inputUsagePercent, "inputUsagePercent");
    percent(outputUsagePercent, "outputUsagePercent");
    if (sourceProgressPermille < -1 || sourceProgressPermille > 1000) {
      throw new IllegalArgumentException("sourceProgressPermille must be within -1..1000, got " + sourceProgressPermille);
    }
  }

  /** A status without channel figures (a task that has none yet). */
  public TaskStatus(String taskId, TaskState state, long recordsIn, long recordsOut) {
    this(taskId, state, recordsIn, recordsOut, 0, 0, 0, -1);
  }

  /** A status without a watermark. */
  public TaskStatus(String taskId, TaskState state, long recordsIn, long recordsOut, long backPressuredMillis,
      int inputUsagePercent, int outputUsagePercent, int sourceProgressPermille) {
    this(taskId, state, recordsIn, recordsOut, backPressuredMillis, inputUsagePercent, outputUsagePercent,
        sourceProgressPermille, Long.MIN_VALUE);
  }

  private static void percent(int value, String name) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " must be within 0..100, got " + value);
    }
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "taskId", taskId);
    out.writeByte(state.code());
    out.writeLong(recordsIn);
    out.writeLong(recordsOut);
    out.writeLong(backPressuredMillis);
    out.writeByte(inputUsagePercent);
    out.writeByte(outputUsagePercent);
    out.writeShort(sourceProgressPermille);
    out.writeLong(watermark);
  }

  static TaskStatus readFrom(WireInput in) throws IOException {
    String taskId = in.readString("taskId");
    TaskState state = RpcCodec.readState(in);
    return new TaskStatus(taskId, state, in.readLong("recordsIn"), in.readLong("recordsOut"),
        in.readLong("backPressuredMillis"), in.readUnsignedByte("inputUsagePercent"),
        in.readUnsignedByte("outputUsagePercent"), in.readShort("sourceProgressPermille"), in.readLong("watermark"));
  }
}
