package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The JobManager asks a TaskManager to run one subtask in one of its slots. Only ids travel: the
 * TaskManager rebuilds the plan from the user's main() and must arrive at the same
 * {@code planFingerprint} (see ARCHITECTURE.md, "How user functions reach tasks").
 *
 * @param peers the subtasks this one exchanges data with that run in other TaskManagers, with their
 *     data addresses; every other subtask it is connected to is deployed to the same TaskManager
 * @param restoreCheckpoint the {@code _metadata} file of the checkpoint to restore the state from;
 *     empty for a fresh start
 * @param rescaled the tasks (vertex id to parallelism) that run at another parallelism than the staged
 *     plan's after an in-place rescale; empty when the plan runs as submitted. {@code planFingerprint}
 *     is the rescaled plan's ({@code JobGraph.rescaled})
 */
public record DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
    String planFingerprint, List<SubtaskLocation> peers, String restoreCheckpoint, Map<Integer, Integer> rescaled)
    implements RpcMessage {

  /** A deployment of the plan as submitted. */
  public DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
      String planFingerprint, List<SubtaskLocation> peers, String restoreCheckpoint) {
    this(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, planFingerprint, peers, restoreCheckpoint, Map.of());
  }

  /** A deployment without state to restore. */
  public DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
      String planFingerprint, List<SubtaskLocation> peers) {
    this(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, planFingerprint, peers, "");
  }

  public DeployTask {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(vertexId, "vertexId");
    Objects.requireNonNull(planFingerprint, "planFingerprint");
    Wire.nonNegative(subtaskIndex, "subtaskIndex");
    Wire.nonNegative(attemptNumber, "attemptNumber");
    Wire.nonNegative(slotIndex, "slotIndex");
    peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
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
    Wire.writeCount(out, "peers", peers);
    for (SubtaskLocation a : peers) {
      a.writeTo(out);
    }
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
    int n = in.readCount("peers");
    List<SubtaskLocation> peers = new ArrayList<>(WireInput.capacity(n));
    for (int i = 0; i < n; i++) {
      peers.add(SubtaskLocation.readFrom(in));
    }
    String restore = in.readString("restoreCheckpoint");
    int m = in.readCount("rescaled");
    Map<Integer, Integer> rescaled = new TreeMap<>();
    for (int i = 0; i < m; i++) {
      rescaled.put(in.readInt("rescaled vertex id"), in.readInt("rescaled parallelism"));
    }
    return new DeployTask(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, fingerprint, peers, restore,
        rescaled);
  }
}
