package io.weft.appmaster.checkpoint;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.checkpoint.CheckpointMetadata.SubtaskState;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's checkpoints from the JobManager: triggers one every
 * {@code execution.checkpointing.interval} at the sources, collects every subtask's
 * acknowledgement, writes {@code <dir>/<jobId>/chk-<n>/_metadata} last (to a temporary name, then
 * renamed, so a reader sees a whole file or none), tells the tasks, and keeps
 * {@code state.checkpoints.num-retained} checkpoints. A checkpoint that times out, or that a task
 * cannot take part in, is abandoned; more consecutive failures than tolerated fail the job.
 *
 * <p>Everything but the file writing runs on the JobManager's event thread ({@code events}).
 */
public final class CheckpointCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);
  public static final String METADATA = "_metadata";

  /** What the coordinator asks of the JobManager. */
  public interface Actions {
    void trigger(long checkpointId, long timestamp);

    void completed(long checkpointId);

    void failJob(String reason);
  }

  /** A subtask that must acknowledge every checkpoint. */
  public record Participant(int vertexId, int subtaskIndex, int parallelism) {}

  private final String jobId;
  private final FileSystem fs;
  private final Path jobDir;
  private final List<Participant> participants;
  private final Actions actions;
  private final ScheduledExecutorService timer;
  private final Executor events;
  private final Executor io;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final long minPauseMillis;
  private final int maxConcurrent;
  private final int tolerableFailures;
  private final int retained;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private long nextId = 1;
  private long lastCompletedAt;
  private long latestCompleted = -1;
  private int consecutiveFailures;
  private ScheduledFuture<?> ticks;
  private boolean stopped;
  private boolean paused;
  /** The checkpoint a restarted attempt restores from: kept until one taken after the restart completes. */
  private volatile long pinned = -1;
  /** The first checkpoint id triggered after the last restart. */
  private long firstAfterRestart;

  private static final class Pending {
    final long id;
    final long timestamp;
    final Map<Participant, byte[]> acks = new LinkedHashMap<>();

    Pending(long id, long timestamp) {
      this.id = id;
      this.timestamp = timestamp;
    }
  }

  public CheckpointCoordinator(String jobId, Configuration conf, FileSystem fs, Path checkpointsDir,
      List<Participant> participants, Actions actions, ScheduledExecutorService timer, Executor events, Executor io) {
    this.jobId = jobId;
    this.fs = fs;
    this.jobDir = new Path(checkpointsDir, jobId);
    this.participants = List.copyOf(participants);
    this.actions = actions;
    this.timer = timer;
    this.events = events;
    this.io = io;
    this.intervalMillis = conf.get(CheckpointOptions.INTERVAL).toMillis();
    this.timeoutMillis = conf.get(CheckpointOptions.TIMEOUT).toMillis();
    this.minPauseMillis = conf.get(CheckpointOptions.MIN_PAUSE).toMillis();
    this.maxConcurrent = Math.max(1, conf.get(CheckpointOptions.MAX_CONCURRENT));
    this.tolerableFailures = conf.get(CheckpointOptions.TOLERABLE_FAILURES);
    this.retained = Math.max(1, conf.get(CheckpointOptions.NUM_RETAINED));
  }

  public Path jobDirectory() {
    return jobDir;
  }

  /** Starts the periodic checkpoints; call once every task runs. */
  public void start() {
    paused = false;
    if (ticks == null && !stopped) {
      firstAfterRestart = nextId;
      LOG.info("Checkpoints of job {} every {} ms to {}", jobId, intervalMillis, jobDir);
      ticks = timer.scheduleWithFixedDelay(() -> events.execute(this::triggerIfDue), intervalMillis, intervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Stops triggering until {@link #start()} again (the job restarts); pending checkpoints are dropped. */
  public void pause() {
    paused = true;
    if (ticks != null) {
      ticks.cancel(false);
      ticks = null;
    }
    abortPending("the job is restarting");
  }

  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * A restarted attempt restores from {@code checkpointId}: retention must not delete it while the
   * tasks may still read it, that is until a checkpoint they took after the restart completes.
   */
  public void restoringFrom(long checkpointId) {
    pinned = checkpointId;
  }

  /**
   * New checkpoints get ids after {@code checkpointId}: a new ApplicationMaster attempt finds the
   * earlier attempts' checkpoint directories, and neither they nor sink files named by their ids may
   * be written twice.
   */
  public void continueAfter(long checkpointId) {
    nextId = Math.max(nextId, checkpointId + 1);
  }

  /**
   * No more checkpoints: the job is ending. Pending ones are dropped, and the retained number is
   * restored (retention waits while the job restarts or a task has finished).
   */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (ticks != null) {
      ticks.cancel(false);
    }
    pending.clear();
    pinned = -1;
    dropOldCheckpoints();
  }

  /** The id of the latest completed checkpoint, or -1. */
  public long latestCompleted() {
    return latestCompleted;
  }

  void triggerIfDue() {
    long now = System.currentTimeMillis();
    if (stopped || pending.size() >= maxConcurrent || now - lastCompletedAt < minPauseMillis) {
      return;
    }
    Pending p = new Pending(nextId++, now);
    pending.put(p.id, p);
    LOG.info("Triggering checkpoint {} of job {}", p.id, jobId);
    actions.trigger(p.id, p.timestamp);
    timer.schedule(() -> events.execute(() -> expire(p.id)), timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** A subtask's part of a checkpoint is done; the last one completes it. */
  public void acknowledge(int vertexId, int subtaskIndex, long checkpointId, byte[] state) {
    Pending p = pending.get(checkpointId);
    if (p == null) {
      return; // abandoned or already complete
    }
    Participant who = participants.stream()
        .filter(q -> q.vertexId() == vertexId && q.subtaskIndex() == subtaskIndex).findFirst().orElse(null);
    if (who == null) {
      LOG.warn("Checkpoint {} of job {}: acknowledgement from unknown subtask {}/{}", checkpointId, jobId, vertexId,
          subtaskIndex);
      return;
    }
    p.acks.put(who, state);
    if (p.acks.size() == participants.size()) {
      pending.remove(checkpointId);
      List<SubtaskState> states = new ArrayList<>();
      for (Participant q : participants) {
        states.add(new SubtaskState(q.vertexId(), q.subtaskIndex(), q.parallelism(), p.acks.get(q)));
      }
      CheckpointMetadata metadata = new CheckpointMetadata(jobId, p.id, p.timestamp, states);
      io.execute(() -> {
        try {
          long bytes = write(metadata);
          events.execute(() -> completed(metadata, bytes));
        } catch (IOException | RuntimeException e) {
          events.execute(() -> failed(p.id, "writing its metadata failed: " + e));
        }
      });
    }
  }

  /** Abandons every pending checkpoint, e.g. because a task finished and cannot acknowledge. */
  public void abortPending(String reason) {
    for (Long id : new ArrayList<>(pending.keySet())) {
      pending.remove(id);
      LOG.info("Checkpoint {} of job {} abandoned: {}", id, jobId, reason);
    }
  }

  private void expire(long checkpointId) {
    if (pending.remove(checkpointId) != null) {
      failed(checkpointId, "it did not complete within " + timeoutMillis + " ms");
    }
  }

  private void failed(long checkpointId, String why) {
    if (stopped) {
      return;
    }
    consecutiveFailures++;
    LOG.warn("Checkpoint {} of job {} failed: {} ({} in a row, {} tolerated)", checkpointId, jobId, why,
        consecutiveFailures, tolerableFailures);
    if (consecutiveFailures > tolerableFailures) {
      actions.failJob("checkpoint " + checkpointId + " failed: " + why + "; more than "
          + CheckpointOptions.TOLERABLE_FAILURES.key() + "=" + tolerableFailures + " checkpoints failed in a row");
    }
  }

  private void completed(CheckpointMetadata metadata, long bytes) {
    if (stopped) {
      return;
    }
    consecutiveFailures = 0;
    lastCompletedAt = System.currentTimeMillis();
    latestCompleted = Math.max(latestCompleted, metadata.checkpointId());
    LOG.info("Checkpoint {} of job {} completed in {} ms ({} bytes of metadata)", metadata.checkpointId(), jobId,
        lastCompletedAt - metadata.timestamp(), bytes);
    actions.completed(metadata.checkpointId());
    if (paused) {
      return; // a restart is choosing what to restore: delete nothing now
    }
    if (pinned >= 0 && metadata.checkpointId() >= firstAfterRestart) {
      pinned = -1; // every task acknowledged a checkpoint after restoring: it is done reading
    }
    io.execute(this::dropOldCheckpoints);
  }

  /** Writes the metadata under a temporary name and renames it into place; returns its size. */
  private long write(CheckpointMetadata metadata) throws IOException {
    Path dir = new Path(jobDir, "chk-" + metadata.checkpointId());
    fs.mkdirs(dir);
    Path temporary = new Path(dir, METADATA + ".inprogress");
    try (OutputStream out = fs.create(temporary, true)) {
      metadata.writeTo(out);
    }
    Path target = new Path(dir, METADATA);
    if (!fs.rename(temporary, target)) {
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
    return fs.getFileStatus(target).getLen();
  }

  /** Deletes completed checkpoints beyond the retained number, oldest first, and abandoned ones older than those. */
  private void dropOldCheckpoints() {
    try {
      TreeMap<Long, Path> all = listCheckpoints(fs, jobDir);
      List<Long> complete = new ArrayList<>();
      for (Map.Entry<Long, Path> e : all.descendingMap().entrySet()) {
        if (fs.exists(new Path(e.getValue(), METADATA))) {
          complete.add(e.getKey());
        }
      }
      if (complete.size() <= retained) {
        return;
      }
      long oldestKept = complete.get(retained - 1);
      for (Map.Entry<Long, Path> e : all.headMap(oldestKept).entrySet()) {
        if (e.getKey() == pinned) {
          continue;
        }
        fs.delete(e.getValue(), true);
        LOG.info("Deleted checkpoint {} of job {} ({} retained)", e.getKey(), jobId, retained);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete old checkpoints of job {} in {}: {}", jobId, jobDir, e.toString());
    }
  }

  /** The chk-n directories under a job's checkpoint directory, by n. */
  public static TreeMap<Long, Path> listCheckpoints(FileSystem fs, Path jobDir) throws IOException {
    TreeMap<Long, Path> result = new TreeMap<>();
    if (!fs.exists(jobDir)) {
      return result;
    }
    for (FileStatus f : fs.listStatus(jobDir)) {
      String name = f.getPath().getName();
      if (f.isDirectory() && name.matches("chk-\\d+")) {
        result.put(Long.parseLong(name.substring(4)), f.getPath());
      }
    }
    return result;
  }

  /** A completed checkpoint: its metadata file and what it holds. */
  public record Completed(Path path, CheckpointMetadata metadata) {}

  /**
   * The newest checkpoint of a job whose metadata can be read; unreadable ones (missing or corrupt
   * metadata) are skipped, each with a logged reason. Null if there is none.
   */
  public static Completed latestReadable(FileSystem fs, Path jobDir) throws IOException {
    for (Map.Entry<Long, Path> e : listCheckpoints(fs, jobDir).descendingMap().entrySet()) {
      Path metadata = new Path(e.getValue(), METADATA);
      try (var in = fs.open(metadata)) {
        return new Completed(fs.makeQualified(metadata), CheckpointMetadata.read(in, metadata.toString()));
      } catch (IOException ex) {
        LOG.warn("Skipping checkpoint {} in {}: {}", e.getKey(), jobDir, ex.getMessage());
      }
    }
    return null;
  }
}
