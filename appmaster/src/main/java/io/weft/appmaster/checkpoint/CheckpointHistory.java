package io.weft.appmaster.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest checkpoints of a job and what became of them, for the web UI and the metrics. Bounded:
 * it keeps the newest {@code capacity} entries, plus running totals over all of them. Used on the
 * JobManager's event thread only; {@link #entries()} hands out immutable copies.
 */
public final class CheckpointHistory {
  /** What became of a checkpoint. */
  public enum Status { IN_PROGRESS, COMPLETED, FAILED, ABANDONED }

  /**
   * One checkpoint.
   *
   * @param acknowledgedMillis time from the trigger to the last subtask's acknowledgement (barriers
   *     travelled, inputs aligned, state uploaded); -1 until every subtask acknowledged
   * @param durationMillis time from the trigger to completion or failure; -1 while in progress
   * @param stateSizeBytes the state the subtasks that acknowledged wrote, summed (-1: none said)
   * @param alignmentMillis the longest alignment among the subtasks that acknowledged (-1: none said)
   * @param metadataBytes size of its metadata file, which holds every subtask's state handles; -1 if none
   */
  public record Entry(long id, Status status, long triggerMillis, int acknowledged, int subtasks,
      long acknowledgedMillis, long durationMillis, long stateSizeBytes, long alignmentMillis, long metadataBytes,
      String failure) {

    /** State and metadata together: what the checkpoint occupies; -1 if neither is known. */
    public long sizeBytes() {
      return stateSizeBytes < 0 && metadataBytes < 0 ? -1 : Math.max(0, stateSizeBytes) + Math.max(0, metadataBytes);
    }
  }

  private final int capacity;
  /** Not final: an in-place rescale changes how many subtasks acknowledge. */
  private int subtasks;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long completed;
  private long failed;

  /** Checkpoints triggered from now on count {@code subtasks} acknowledgements (an in-place rescale). */
  void subtasks(int count) {
    this.subtasks = count;
  }

  public CheckpointHistory(int capacity, int subtasks) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.subtasks = subtasks;
  }

  void triggered(long id, long timestamp) {
    entries.addFirst(new Entry(id, Status.IN_PROGRESS, timestamp, 0, subtasks, -1, -1, -1, -1, -1, ""));
    while (entries.size() > capacity) {
      entries.removeLast();
    }
  }

  /** A subtask acknowledged, with the state it wrote and its alignment time (-1 for unknown). */
  void acknowledged(long id, int acknowledged, long now, long stateSizeBytes, long alignmentMillis) {
    update(id, e -> new Entry(e.id(), e.status(), e.triggerMillis(), acknowledged, e.subtasks(),
        acknowledged == e.subtasks() ? now - e.triggerMillis() : -1, -1,
        stateSizeBytes < 0 ? e.stateSizeBytes() : Math.max(0, e.stateSizeBytes()) + stateSizeBytes,
        Math.max(e.alignmentMillis(), alignmentMillis), -1, ""));
  }

  void completed(long id, long metadataBytes, long now) {
    completed++;
    update(id, e -> new Entry(e.id(), Status.COMPLETED, e.triggerMillis(), e.acknowledged(), e.subtasks(),
        e.acknowledgedMillis(), now - e.triggerMillis(), e.stateSizeBytes(), e.alignmentMillis(), metadataBytes, ""));
  }

  void failed(long id, String why, long now) {
    failed++;
    end(id, Status.FAILED, why, now);
  }

  void abandoned(long id, String why, long now) {
    end(id, Status.ABANDONED, why, now);
  }

  private void end(long id, Status status, String why, long now) {
    update(id, e -> new Entry(e.id(), status, e.triggerMillis(), e.acknowledged(), e.subtasks(),
        e.acknowledgedMillis(), now - e.triggerMillis(), e.stateSizeBytes(), e.alignmentMillis(), -1, why));
  }

  private void update(long id, java.util.function.UnaryOperator<Entry> change) {
    List<Entry> copy = new ArrayList<>(entries);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).id() == id) {
        copy.set(i, change.apply(copy.get(i)));
        entries.clear();
        entries.addAll(copy);
        return;
      }
    }
  }

  /** Newest first. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public long completedCount() {
    return completed;
  }

  public long failedCount() {
    return failed;
  }
}
