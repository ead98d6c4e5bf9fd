package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sent periodically in both directions. The receiver decides when silence means death, using
 * {@link RpcConnection#lastReceivedMillis()}; a TaskManager's heartbeat carries its tasks' status
 * and its metrics (the JVM's and those of its tasks' metric groups).
 *
 * @param timestampMillis the sender's wall clock, for diagnostics only (clocks differ between hosts)
 */
public record Heartbeat(String senderId, long timestampMillis, List<TaskStatus> payload, List<MetricScope> metrics)
    implements RpcMessage {
  public Heartbeat {
    Objects.requireNonNull(senderId, "senderId");
    payload = List.copyOf(Objects.requireNonNull(payload, "payload"));
    metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
  }

  /** A heartbeat without metrics (the JobManager's). */
  public Heartbeat(String senderId, long timestampMillis, List<TaskStatus> payload) {
    this(senderId, timestampMillis, payload, List.of());
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "senderId", senderId);
    out.writeLong(timestampMillis);
    Wire.writeCount(out, "payload", payload);
    for (TaskStatus s : payload) {
      s.writeTo(out);
    }
    Wire.writeCount(out, "metrics", metrics);
    for (MetricScope m : metrics) {
      m.writeTo(out);
    }
  }

  static Heartbeat readFrom(WireInput in) throws IOException {
    String senderId = in.readString("senderId");
    long timestamp = in.readLong("timestampMillis");
    int n = in.readCount("payload");
    List<TaskStatus> payload = new ArrayList<>(WireInput.capacity(n));
    for (int i = 0; i < n; i++) {
      payload.add(TaskStatus.readFrom(in));
    }
    int m = in.readCount("metrics");
    List<MetricScope> metrics = new ArrayList<>(WireInput.capacity(m));
    for (int i = 0; i < m; i++) {
      metrics.add(MetricScope.readFrom(in));
    }
    return new Heartbeat(senderId, timestamp, payload, metrics);
  }
}
