package io.weft.api.sink.twophase;

import java.util.Collection;
import java.util.List;

/**
 * The first phase of a {@link TwoPhaseCommittingSink}: writes one subtask's elements invisibly and
 * hands them over as committables at each checkpoint. Called on the task's thread only.
 */
public interface PrecommittingSinkWriter<T, C> extends AutoCloseable {
  /** Writes one element; {@code timestamp} is null for elements without one. */
  void write(T value, Long timestamp) throws Exception;

  /** The sink's event time moved to {@code watermark}; see {@code SinkWriter.writeWatermark}. */
  default void writeWatermark(long watermark) throws Exception {}

  /**
   * A checkpoint's barrier reached the sink (or the input ended: {@code checkpointId} is {@link
   * TwoPhaseCommittingSink#END_OF_INPUT}): make everything written since the last call durable and
   * return it as committables, to be committed once that checkpoint completes. Empty if nothing
   * was written.
   */
  Collection<C> prepareCommit(long checkpointId) throws Exception;

  /**
   * The writer's own state at this checkpoint, taken right after {@link #prepareCommit} (for
   * example which subtask it writes for, or the next transaction number); null if none.
   */
  default byte[] snapshotState(long checkpointId) throws Exception {
    return null;
  }

  /**
   * Called once after a restart, before the first write, after the restored committables were
   * committed: retract what was written after the restored checkpoint (leftover in-progress files,
   * open transactions), which the sources replay.
   *
   * @param states the writer states of the subtasks this one takes over: its own, or at another
   *     parallelism those of old subtasks j ≡ this subtask (mod the new parallelism); empty when the
   *     job restarted without a checkpoint (from the beginning) or none maps here
   * @param rescaled whether the job was restored at another parallelism
   */
  default void restore(List<byte[]> states, boolean rescaled) throws Exception {}

  /** Releases resources; also on failure and cancellation, when prepared work stays for the restore. */
  @Override
  default void close() throws Exception {}
}
