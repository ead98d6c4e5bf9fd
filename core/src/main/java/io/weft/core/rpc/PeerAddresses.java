package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the subtasks of an execution attempt run: the data-plane server of every TaskManager
 * position, and the rule that maps a subtask index to its position (slot sharing puts subtask i of
 * every task on the same TaskManager). With the plan, which every TaskManager has, that is all a
 * TaskManager needs to find the subtasks on other TaskManagers its own exchange data with.
 *
 * <p>The JobManager sends it once per TaskManager and attempt, with the first {@link DeployTask},
 * and {@link #PREVIOUS} with the others. Sending each subtask its peers instead (every subtask of
 * the other side of an all-to-all exchange, with its address) made a deployment p² entries at
 * parallelism p; this is one entry per TaskManager, so a TaskManager's deployment grows linearly.
 *
 * @param spread true: subtask i runs on position {@code i % stride}; false (packed): on {@code i / stride}
 * @param stride the number of positions the subtasks are spread over (spread), or the slots per TaskManager (packed)
 * @param taskManagers the data address of each TaskManager position; empty only in {@link #PREVIOUS}
 */
public record PeerAddresses(boolean spread, int stride, List<DataAddress> taskManagers) {
  /** "The table an earlier deploy of this attempt carried": sent with every deploy but a TaskManager's first. */
  public static final PeerAddresses PREVIOUS = new PeerAddresses(true, 1, List.of());

  /** A TaskManager's data-plane server: where its subtasks serve their output and send their input requests. */
  public record DataAddress(String host, int port) {
    public DataAddress {
      Objects.requireNonNull(host, "host");
      Wire.port(port, "port");
    }
  }

  public PeerAddresses {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1, got " + stride);
    }
    taskManagers = List.copyOf(Objects.requireNonNull(taskManagers, "taskManagers"));
    if (spread && !taskManagers.isEmpty() && stride > taskManagers.size()) {
      throw new IllegalArgumentException("subtasks spread over " + stride + " TaskManagers, but there are addresses"
          + " for " + taskManagers.size());
    }
  }

  /** Whether this is {@link #PREVIOUS}: no table, the one sent earlier in the attempt applies. */
  public boolean isPrevious() {
    return taskManagers.isEmpty();
  }

  /** The TaskManager position subtask {@code subtaskIndex} (of any task) runs on. */
  public int taskManagerOf(int subtaskIndex) {
    return positionOf(spread, stride, subtaskIndex);
  }

  /** The placement rule, shared with the JobManager's placement so that both sides agree by construction. */
  public static int positionOf(boolean spread, int stride, int subtaskIndex) {
    return spread ? subtaskIndex % stride : subtaskIndex / stride;
  }

  /** The data address of TaskManager {@code position}. */
  public DataAddress at(int position) {
    if (position < 0 || position >= taskManagers.size()) {
      throw new IllegalStateException("TaskManager position " + position + " has no address: the deployment lists "
          + taskManagers.size() + (isPrevious() ? " (no table was sent for this execution attempt)" : ""));
    }
    return taskManagers.get(position);
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeBoolean(spread);
    out.writeInt(stride);
    Wire.writeCount(out, "taskManagers", taskManagers);
    for (DataAddress a : taskManagers) {
      Wire.writeString(out, "host", a.host());
      out.writeInt(a.port());
    }
  }

  static PeerAddresses readFrom(WireInput in) throws IOException {
    boolean spread = in.readBoolean("spread");
    int stride = in.readInt("stride");
    int n = in.readCount("taskManagers");
    List<DataAddress> addresses = new ArrayList<>(WireInput.capacity(n));
    for (int i = 0; i < n; i++) {
      addresses.add(new DataAddress(in.readString("host"), in.readInt("port")));
    }
    return new PeerAddresses(spread, stride, addresses);
  }
}
