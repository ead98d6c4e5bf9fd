package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JobManager asks a TaskManager to run one subtask in one of its slots. Only ids travel: the
 * TaskManager rebuilds the plan from the user's main() and must arrive at the same
 * {@code planFingerprint} (see ARCHITECTURE.md, "How user functions reach tasks").
 *
 * @param addresses where every TaskManager of this attempt serves its data and which one runs each
 *     subtask index, from which the TaskManager finds the peers of this subtask on other TaskManagers;
 *     sent with a TaskManager's first deploy of an attempt, {@link PeerAddresses#PREVIOUS} with the
 *     others (a table per subtask would make a deployment quadratic in the parallelism)
 * @param restoreCheckpoint the {@code _metadata} file of the checkpoint to restore the state from;
 *     empty for a fresh start
 * @param rescaled the tasks (vertex id to parallelism) that run at another parallelism than the staged
 *     plan's after an in-place rescale; empty when the plan runs as submitted. {@code planFingerprint}
 *     is the rescaled plan's ({@code JobGraph.rescaled})
 */
public record DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
    String planFingerprint, PeerAddresses addresses, String restoreCheckpoint, Map<Integer, Integer> rescaled)
    implements RpcMessage {

  /** A deployment of the plan as submitted. */
  public DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
      String planFingerprint, PeerAddresses addresses, String restoreCheckpoint) {
    this(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, planFingerprint, addresses, restoreCheckpoint,
        Map.of());
  }

  /** A deployment without state to restore. */
  public DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
      String planFingerprint, PeerAddresses addresses) {
    this(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, planFingerprint, addresses, "");
  }

  public DeployTask {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(planFingerprint, "planFingerprint");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(attemptNumber, "attemptNumber");
    Wire.nonNegative(slotIndex, "slotIndex");
    Objects.requireNonNull(addresses, "addresses (use PeerAddresses.PREVIOUS for the table sent before)");
    Objects.requireNonNull(restoreCheckpoint, "restoreCheckpoint (use \"\" for none)");
    rescaled = new TreeMap<>(Objects.requireNonNull(rescaled, "rescaled"));
    for (Map.Entry<Integer, Integer> e : rescaled.entrySet()) {
      Wire.nonNegative(e.getKey(), "rescaled vertex id");
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("the parallelism of rescaled vertex " + e.getKey() + " must be at least 1, got "
            + e.getValue());
      }
    }
    rescaled = java.util.Collections.unmodifiableMap(rescaled);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "jobId", jobId);
    Wire.writeString(out, "vertexId", vertexId);
    out.writeInt(subtaskIndex);
    out.writeInt(attemptNumber);
    out.writeInt(slotIndex);
    Wire.writeString(out, "planFingerprint", planFingerprint);
    addresses.writeTo(out);
    Wire.writeString(out, "restoreCheckpoint", restoreCheckpoint);
    out.writeInt(rescaled.size());
    for (Map.Entry<Integer, Integer> e : rescaled.entrySet()) {
      out.writeInt(e.getKey());
      out.writeInt(e.getValue());
    }
  }

  static DeployTask readFrom(WireInput in) throws IOException {
    String jobId = in.readString("jobId");
    String vertexId = in.readString("vertexId");
    int subtaskIndex = in.readInt("subtaskIndex");
    int attemptNumber = in.readInt("attemptNumber");
    int slotIndex = in.readInt("slotIndex");
    String fingerprint = in.readString("planFingerprint");
    PeerAddresses addresses = PeerAddresses.readFrom(in);
    String restore = in.readString("restoreCheckpoint");
    int m = in.readCount("rescaled");
    Map<Integer, Integer> rescaled = new TreeMap<>();
    for (int i = 0; i < m; i++) {
      rescaled.put(in.readInt("rescaled vertex id"), in.readInt("rescaled parallelism"));
    }
    return new DeployTask(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, fingerprint, addresses, restore,
        rescaled);
  }
}
