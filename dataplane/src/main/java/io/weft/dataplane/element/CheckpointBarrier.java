package io.weft.dataplane.element;

import io.weft.core.checkpoint.CheckpointMetadata;
import java.nio.charset.StandardCharsets;

/**
 * Marks, in every channel, the point of the stream that checkpoint {@code checkpointId} covers:
 * the records before it are in the checkpoint's state, the ones after it are not. Sources emit it
 * when the JobManager triggers a checkpoint; a task that has received it on all its inputs
 * snapshots its state and passes it on.
 *
 * <p>A savepoint's barrier names the savepoint's directory ({@code savepointPath}, null for a
 * checkpoint): every task writes its part there, full and self-contained, wherever it is in the
 * job, so the barrier itself has to carry it. A stop-with-savepoint barrier ({@code stop}) is the
 * last thing before the end of its partition: the inputs end without reaching the end of event
 * time, so windows still open stay in the savepoint instead of firing.
 */
public record CheckpointBarrier(long checkpointId, long timestamp, String savepointPath, boolean stop) {
  /** The longest savepoint path a barrier carries, in UTF-8 bytes; longer ones are refused when requested. */
  public static final int MAX_SAVEPOINT_PATH_BYTES = CheckpointMetadata.MAX_SAVEPOINT_PATH_BYTES;

  public CheckpointBarrier {
    if (savepointPath != null && savepointPath.getBytes(StandardCharsets.UTF_8).length > MAX_SAVEPOINT_PATH_BYTES) {
      throw new IllegalArgumentException("a savepoint path is at most " + MAX_SAVEPOINT_PATH_BYTES
          + " bytes of UTF-8: " + savepointPath);
    }
    if (stop && savepointPath == null) {
      throw new IllegalArgumentException("only a savepoint can stop the job");
    }
  }

  /** A checkpoint's barrier. */
  public CheckpointBarrier(long checkpointId, long timestamp) {
    this(checkpointId, timestamp, null, false);
  }

  public boolean isSavepoint() {
    return savepointPath != null;
  }
}
