package io.weft.worker.local;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a job run in this JVM ({@code -m local}), so that local runs pay what YARN runs
 * pay for state: every {@code execution.checkpointing.interval} the source tasks take a snapshot
 * and send barriers, and once every task that was running acknowledged, all are told the
 * checkpoint completed (incremental backends build on it, transactional sinks commit). Only the
 * latest completed checkpoint's own directory is kept. No metadata file is written: a local job
 * is not restored (the YARN JobManager's coordinator does that).
 *
 * <p>One checkpoint at a time; one that a task cannot finish (it ended, or timed out) is dropped
 * at the next tick. Once every source task read its input's end, the next checkpoint (at once if
 * none is in progress) is the final one: the tasks, which finished their operators and wait, end
 * when it completes.
 */
final class LocalCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoints.class);

  private final String jobId;
  private final List<Task> tasks;
  private final CheckpointStorage storage;
  private final long intervalMillis;
  private final long timeoutMillis;
  private ScheduledFuture<?> ticks;
  private long nextId = 1;
  private long pendingId = -1;
  private long pendingSince;
  private Set<Task> awaited = Set.of();
  private long latestCompleted = -1;
  private boolean stopped;
  /** The source tasks that read their input's end; once all did, every checkpoint is the final one. */
  private final Set<Task> sourcesEnded = new HashSet<>();
  private boolean finalRequested;
  private boolean pendingIsFinal;

  private LocalCheckpoints(String jobId, List<Task> tasks, CheckpointStorage storage, Configuration conf) {
    this.jobId = jobId;
    this.tasks = tasks;
    this.storage = storage;
    this.intervalMillis = conf.get(CheckpointOptions.INTERVAL).toMillis();
    this.timeoutMillis = conf.get(CheckpointOptions.TIMEOUT).toMillis();
  }

  /** Checkpoints for {@code tasks} when {@code conf} asks for them, else null. */
  static LocalCheckpoints startIfEnabled(String jobId, List<Task> tasks, Configuration conf,
      ScheduledExecutorService timer) throws IOException {
    if (!CheckpointOptions.enabledIn(conf)) {
      return null;
    }
    String dir = conf.get(CheckpointOptions.DIRECTORY);
    if (dir == null) {
      throw new IllegalArgumentException(CheckpointOptions.INTERVAL.key() + " turns checkpointing on, but "
          + CheckpointOptions.DIRECTORY.key() + " is not set; say where checkpoints go, e.g. file:///tmp/checkpoints");
    }
    CheckpointStorage storage = CheckpointStorage.forUri(dir.replaceAll("/+$", "") + "/" + jobId,
        new org.apache.hadoop.conf.Configuration(), CheckpointOptions.permissionOf(conf));
    LocalCheckpoints c = new LocalCheckpoints(jobId, tasks, storage, conf);
    c.ticks = timer.scheduleWithFixedDelay(c::tick, c.intervalMillis, c.intervalMillis, TimeUnit.MILLISECONDS);
    return c;
  }

  /**
   * Source task {@code task} read its input's end. Once every source did, the final checkpoint goes
   * now (or after the one in progress), and every task ends when it completes.
   */
  synchronized void inputEnded(Task task) {
    sourcesEnded.add(task);
    long sources = tasks.stream().filter(t -> t.setup().vertex().isSource()).count();
    if (!finalRequested && sourcesEnded.size() == sources) {
      finalRequested = true;
      LOG.info("Job {}: every source reached the end of its input; taking the final checkpoint", jobId);
      tick();
    }
  }

  private synchronized void tick() {
    if (stopped) {
      return;
    }
    long now = System.currentTimeMillis();
    if (pendingId >= 0) {
      boolean stuck = awaited.stream().anyMatch(t -> t.state().isTerminal());
      if (!stuck && now - pendingSince < timeoutMillis) {
        return; // still running: one checkpoint at a time
      }
      LOG.info("Job {}: checkpoint {} dropped ({})", jobId, pendingId, stuck ? "a task ended" : "timed out");
      deleteQuietly(pendingId);
      pendingId = -1;
    }
    Set<Task> running = new HashSet<>();
    for (Task t : tasks) {
      if (t.state() == ExecutionState.RUNNING) {
        running.add(t);
      }
    }
    if (running.size() < tasks.size()) {
      return; // starting, or some tasks ended: a checkpoint could not complete
    }
    pendingId = nextId++;
    pendingIsFinal = finalRequested;
    pendingSince = now;
    awaited = running;
    for (Task t : tasks) {
      if (t.setup().vertex().isSource()) {
        t.triggerCheckpoint(pendingId, now);
      }
    }
  }

  /** A task took its part of checkpoint {@code checkpointId}; called on the thread that uploaded it. */
  void acknowledged(Task task, long checkpointId) {
    long completed;
    boolean isFinal;
    synchronized (this) {
      if (stopped || checkpointId != pendingId) {
        return;
      }
      Set<Task> left = new HashSet<>(awaited);
      left.remove(task);
      awaited = left;
      if (!left.isEmpty()) {
        return;
      }
      completed = pendingId;
      isFinal = pendingIsFinal;
      pendingId = -1;
      long previous = latestCompleted;
      latestCompleted = completed;
      if (previous >= 0) {
        deleteQuietly(previous);
      }
    }
    LOG.debug("Job {}: checkpoint {} complete{}", jobId, completed, isFinal ? " (the final one)" : "");
    for (Task t : tasks) {
      t.notifyCheckpointComplete(completed, isFinal);
    }
    if (!isFinal) {
      synchronized (this) {
        if (finalRequested && pendingId < 0) {
          tick(); // the sources ended while this one was in progress: the final one need not wait for the interval
        }
      }
    }
  }

  /** No more checkpoints; what was written stays for the caller to remove with the directory. */
  synchronized void stop() {
    stopped = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  private void deleteQuietly(long checkpointId) {
    try {
      storage.fileSystem().delete(storage.checkpointDir(checkpointId), true);
    } catch (IOException e) {
      LOG.warn("Job {}: could not delete {}: {}", jobId, storage.checkpointDir(checkpointId), e.toString());
    }
  }
}
