package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JobManager asks a TaskManager to run one subtask in one of its slots. Only ids travel: the
 * TaskManager rebuilds the plan from the user's main() and must arrive at the same
 * {@code planFingerprint} (see ARCHITECTURE.md, "How user functions reach tasks").
 *
 * @param peers the subtasks this one exchanges data with that run in other TaskManagers, with their
 *     data addresses; every other subtask it is connected to is deployed to the same TaskManager
 * @param restoreCheckpoint the {@code _metadata} file of the checkpoint to restore the state from;
 *     empty for a fresh start
 */
public record DeployTask(String jobId, String vertexId, int subtaskIndex, int attemptNumber, int slotIndex,
    String planFingerprint, List<SubtaskLocation> peers, String restoreCheckpoint) implements RpcMessage {

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
    return new DeployTask(jobId, vertexId, subtaskIndex, attemptNumber, slotIndex, fingerprint, peers,
        in.readString("restoreCheckpoint"));
  }
}
