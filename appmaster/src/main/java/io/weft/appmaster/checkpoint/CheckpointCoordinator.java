package io.weft.appmaster.checkpoint;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.checkpoint.CheckpointMetadata.SubtaskState;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.state.snapshot.CheckpointStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's checkpoints from the JobManager: triggers one every
 * {@code execution.checkpointing.interval} at the sources, collects every subtask's
 * acknowledgement, has {@link CheckpointStorage} (which owns the layout of {@code <dir>/<jobId>/})
 * write the checkpoint's metadata last, tells the tasks, and keeps
 * {@code state.checkpoints.num-retained} checkpoints. A checkpoint that times out, or that a task
 * cannot take part in, is abandoned; more consecutive failures than tolerated fail the job.
 *
 * <p>Without {@code execution.checkpointing.interval} it takes savepoints only: nothing is
 * triggered periodically, there is no checkpoint directory, and a restart does not restore from a
 * savepoint (as without checkpoints, it starts over from the job's initial state).
 *
 * <p>Everything but the file writing runs on the JobManager's event thread ({@code events}).
 *
 * <p>Past 450 lines: a checkpoint's whole life (trigger, acknowledgements, completion, timeout,
 * abandonment, retention) reads as one state machine over the pending checkpoints it owns.
 */
public final class CheckpointCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);
  /** Shared files younger than the oldest pending checkpoint by less than this are kept (clocks differ). */
  static final long CLOCK_MARGIN_MILLIS = 60_000;

  /** What the coordinator asks of the JobManager. */
  public interface Actions {
    /** Starts checkpoint {@code checkpointId} at the sources; a savepoint names its directory (else null). */
    void trigger(long checkpointId, long timestamp, String savepointPath, boolean stop);

    /** Checkpoint or savepoint {@code checkpointId} completed; {@code finalCheckpoint}: the job's final one. */
    void completed(long checkpointId, boolean finalCheckpoint);

    void failJob(String reason);
  }

  /** A subtask that must acknowledge every checkpoint. */
  public record Participant(int vertexId, int subtaskIndex, int parallelism) {}

  private final String jobId;
  private final FileSystem fs;
  /** {@code <state.checkpoints.dir>/<jobId>}; null when the coordinator takes savepoints only. */
  private final Path jobDir;
  /** The job's checkpoints in {@link #jobDir}; null when the coordinator takes savepoints only. */
  private final CheckpointStorage storage;
  /** Not final: an in-place rescale replaces them while no checkpoint is pending. */
  private List<Participant> participants;
  /** The participants by vertex and subtask: an acknowledgement finds its own without a scan. */
  private final Map<Long, Participant> participantsByTask = new java.util.HashMap<>();
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
  /** Of the job's checkpoint directory, each checkpoint's and each savepoint's ({@code state.checkpoints.permission}). */
  private final FsPermission directoryPermission;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  /** Who waits for a checkpoint triggered on request ({@link #triggerCheckpoint}), by id. */
  private final Map<Long, CompletableFuture<Long>> requested = new LinkedHashMap<>();
  /** The latest checkpoints, for the web UI. */
  private final CheckpointHistory history;
  private long nextId = 1;
  private long lastCompletedAt;
  private long latestCompleted = -1;
  private int consecutiveFailures;
  private ScheduledFuture<?> ticks;
  /** Volatile: a metadata write that finishes after the job ended applies retention on the io thread. */
  private volatile boolean stopped;
  private boolean paused;
  /** Every source of the execution attempt read its input's end: the next checkpoint is the final one. */
  private boolean finalRequested;
  /** The final checkpoint completed: the tasks end, no checkpoint follows. */
  private boolean finalCompleted;
  /** A final checkpoint has every acknowledgement and its metadata is being written: no second one meanwhile. */
  private boolean finalWriting;
  /**
   * An in-place rescale takes its own checkpoint and then redeploys: no periodic one meanwhile.
   * Volatile: the rescale lets go from whichever thread completes its future.
   */
  private volatile boolean periodicHeld;
  /** The checkpoint a restarted attempt restores from: kept until one taken after the restart completes. */
  private volatile long pinned = -1;
  /** The first checkpoint id triggered after the last restart. */
  private long firstAfterRestart;

  private static final class Pending {
    final long id;
    final long timestamp;
    final Map<Participant, byte[]> acks = new LinkedHashMap<>();
    /** A savepoint's directory and its caller's answer; null for a checkpoint. */
    final Path savepoint;
    final CompletableFuture<String> savepointDone;
    /** The job's final checkpoint: taken after every source read its input's end. */
    boolean finalCheckpoint;

    Pending(long id, long timestamp, Path savepoint) {
      this.id = id;
      this.timestamp = timestamp;
      this.savepoint = savepoint;
      this.savepointDone = savepoint == null ? null : new CompletableFuture<>();
    }

    String describe() {
      return (savepoint == null ? finalCheckpoint ? "Final checkpoint " : "Checkpoint " : "Savepoint ") + id;
    }
  }

  /**
   * @param fs the checkpoint directory's FileSystem (savepoints resolve their own from its
   *     configuration)
   * @param checkpointsDir {@code state.checkpoints.dir}, or null to take savepoints only
   */
  public CheckpointCoordinator(String jobId, Configuration conf, FileSystem fs, Path checkpointsDir,
      List<Participant> participants, Actions actions, ScheduledExecutorService timer, Executor events, Executor io) {
    this.jobId = jobId;
    this.fs = fs;
    this.directoryPermission = CheckpointOptions.permissionOf(conf);
    this.storage = checkpointsDir == null ? null
        : new CheckpointStorage(fs, CheckpointStorage.jobDirectory(checkpointsDir, jobId), directoryPermission);
    this.jobDir = storage == null ? null : storage.base();
    this.participants = List.copyOf(participants);
    for (Participant q : this.participants) {
      participantsByTask.put(taskKey(q.vertexId(), q.subtaskIndex()), q);
    }
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
    this.history = new CheckpointHistory(HISTORY_SIZE, participants.size());
  }

  /** How many checkpoints the history keeps. */
  static final int HISTORY_SIZE = 20;

  /** The latest checkpoints; read it on the event thread. */
  public CheckpointHistory history() {
    return history;
  }

  /** Where this job's checkpoints go, or null when the coordinator takes savepoints only. */
  public Path jobDirectory() {
    return jobDir;
  }

  /** Starts the periodic checkpoints, if any; call once every task runs. */
  public void start() {
    paused = false;
    if (ticks == null && !stopped && jobDir != null) {
      firstAfterRestart = nextId;
      LOG.info("Checkpoints of job {} every {} ms to {}", jobId, intervalMillis, jobDir);
      ticks = timer.scheduleWithFixedDelay(() -> events.execute(this::triggerIfDue), intervalMillis, intervalMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  /** Stops triggering until {@link #start()} again (the job restarts); pending checkpoints are dropped. */
  public void pause() {
    paused = true;
    newExecutionAttempt(); // the restarted sources read again
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
   * earlier attempts' checkpoint directories, a job started from a savepoint or checkpoint (-s)
   * follows the one it restored, and no checkpoint or sink file named by an id may be written twice.
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
    abortPending("the job ended");
    pinned = -1;
    dropOldCheckpoints();
    deleteIncomplete("the job ended before it completed");
  }

  /**
   * A new ApplicationMaster attempt takes over the job's checkpoint directory: new ids follow every
   * {@code chk-<n>} there (complete or not, so no checkpoint or sink file named by an id is written
   * twice), and what an earlier attempt left unfinished is deleted.
   */
  public void resumeAfterExisting() throws IOException {
    if (jobDir == null) {
      return;
    }
    TreeMap<Long, Path> all = storage.listCheckpoints();
    if (!all.isEmpty()) {
      continueAfter(all.lastKey());
    }
    deleteIncomplete("an earlier ApplicationMaster attempt left it unfinished");
  }

  /**
   * Deletes every {@code chk-<n>} without metadata that is not pending now: aborted, failed or
   * expired checkpoints, and in-flight ones once the job ends. On the io thread, after any metadata
   * write queued before it, so a checkpoint that is completing is never mistaken for an unfinished
   * one; ids handed out after this call are left alone.
   */
  public void deleteIncomplete(String why) {
    if (jobDir == null) {
      return;
    }
    long below = stopped ? Long.MAX_VALUE : nextId; // once stopped, no id is handed out again
    java.util.Set<Long> inFlight = java.util.Set.copyOf(pending.keySet());
    io.execute(() -> {
      try {
        for (Map.Entry<Long, Path> e : storage.listCheckpoints().entrySet()) {
          if (e.getKey() < below && !inFlight.contains(e.getKey()) && !storage.isComplete(e.getValue())
              && fs.delete(e.getValue(), true)) {
            LOG.info("Deleted the incomplete checkpoint {} of job {} ({}): {}", e.getKey(), jobId, e.getValue(), why);
          }
        }
      } catch (IOException ex) {
        LOG.warn("Could not delete the incomplete checkpoints of job {} in {}: {}", jobId, jobDir, ex.toString());
      }
    });
  }

  /**
   * Holds back (true) or lets go (false) the periodic checkpoints, while an in-place rescale takes
   * its own and redeploys: a periodic one triggered meanwhile would snapshot the whole state a
   * second time, competing with the rescale's checkpoint, only to be abandoned by the redeployment.
   */
  public void holdPeriodic(boolean hold) {
    periodicHeld = hold;
  }

  /**
   * Triggers a checkpoint now, outside the interval (an in-place rescale restores it). If a
   * checkpoint (not a savepoint) is already in progress, its barrier went out before this request:
   * the answer waits for that one rather than taking a second snapshot of the state at the same time.
   * The future answers the id once its metadata is written, or fails with the reason there is none;
   * it counts like any checkpoint.
   */
  public CompletableFuture<Long> triggerCheckpoint() {
    if (jobDir == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("job " + jobId + " takes no checkpoints: set "
          + CheckpointOptions.INTERVAL.key() + " and " + CheckpointOptions.DIRECTORY.key()));
    }
    if (stopped || paused) {
      return CompletableFuture.failedFuture(new IllegalStateException("job " + jobId + " is "
          + (stopped ? "ending" : "restarting")));
    }
    for (Pending q : pending.values()) {
      if (q.savepoint == null) {
        LOG.info("Checkpoint {} of job {} is in progress; the request for a checkpoint waits for it", q.id, jobId);
        return requested.computeIfAbsent(q.id, id -> new CompletableFuture<>());
      }
    }
    long now = System.currentTimeMillis();
    Pending p = new Pending(nextId++, now, null);
    CompletableFuture<Long> done = new CompletableFuture<>();
    requested.put(p.id, done);
    pending.put(p.id, p);
    history.triggered(p.id, now);
    LOG.info("Triggering checkpoint {} of job {} on request", p.id, jobId);
    actions.trigger(p.id, p.timestamp, null, false);
    timer.schedule(() -> events.execute(() -> expire(p.id)), timeoutMillis, TimeUnit.MILLISECONDS);
    return done;
  }

  /** When the latest checkpoint completed (epoch millis), 0 if none did. */
  public long lastCompletedAtMillis() {
    return lastCompletedAt;
  }

  /** Whether a checkpoint or savepoint is in flight. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * The subtasks that take part from now on (an in-place rescale, while the job is paused and no
   * checkpoint is pending).
   */
  public void replaceParticipants(List<Participant> newParticipants) {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("checkpoints " + pending.keySet() + " are pending");
    }
    participants = List.copyOf(newParticipants);
    participantsByTask.clear();
    for (Participant q : participants) {
      participantsByTask.put(taskKey(q.vertexId(), q.subtaskIndex()), q);
    }
    history.subtasks(participants.size());
  }

  /** The id of the latest completed checkpoint, or -1. */
  public long latestCompleted() {
    return latestCompleted;
  }

  void triggerIfDue() {
    long now = System.currentTimeMillis();
    if (finalRequested) {
      triggerFinalIfIdle();
      return;
    }
    // Paused: a tick queued on the event thread before pause() canceled the ticks still runs here.
    // Triggered then, a checkpoint no restarted task ever acknowledges would stay pending until its
    // timeout and hold every later one, the final checkpoint too (seen in CI: a job that never ended).
    if (stopped || paused || periodicHeld || pending.size() >= maxConcurrent
        || now - lastCompletedAt < minPauseMillis) {
      return;
    }
    triggerNext(false);
  }

  private void triggerNext(boolean finalCheckpoint) {
    long now = System.currentTimeMillis();
    Pending p = new Pending(nextId++, now, null);
    p.finalCheckpoint = finalCheckpoint;
    pending.put(p.id, p);
    history.triggered(p.id, now);
    LOG.info("Triggering {} of job {}", p.describe().toLowerCase(java.util.Locale.ROOT), jobId);
    actions.trigger(p.id, p.timestamp, null, false);
    timer.schedule(() -> events.execute(() -> expire(p.id)), timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Every source subtask read its input's end (Flink's checkpoints after tasks finish): the job's
   * final checkpoint goes now, or once the checkpoint or savepoint in progress ended, without waiting
   * for the interval or min-pause. Its completion tells the tasks to end; if it fails (counted like
   * any failed checkpoint), another final one follows.
   */
  public void triggerFinal() {
    if (jobDir == null || stopped || paused || finalRequested) {
      return;
    }
    finalRequested = true;
    triggerFinalIfIdle();
  }

  /** A new execution attempt is deployed (a rescale): its sources have not read their end yet. */
  public void newExecutionAttempt() {
    finalRequested = false;
    finalCompleted = false;
    finalWriting = false;
  }

  private void triggerFinalIfIdle() {
    // Held (a rescale redeploys): the next tick after it takes it, if the new attempt's sources end too.
    if (finalRequested && !finalCompleted && !finalWriting && !stopped && !paused && !periodicHeld
        && pending.isEmpty()) {
      triggerNext(true);
    }
  }

  /**
   * Takes a savepoint into a new directory {@code <targetDirectory>/savepoint-<jobId>-<id>}: a full,
   * self-contained snapshot (no files shared with checkpoints) that outlives the job and that
   * retention never deletes. It does not wait for min-pause or max-concurrent. With {@code stop} the
   * sources end after its barrier. The future answers the savepoint's directory once its metadata
   * is written, or fails with the reason there is none.
   */
  public CompletableFuture<String> triggerSavepoint(String targetDirectory, boolean stop) {
    if (stopped) {
      return CompletableFuture.failedFuture(new IllegalStateException("job " + jobId + " is ending"));
    }
    if (paused) {
      return CompletableFuture.failedFuture(new IllegalStateException("job " + jobId + " is restarting"));
    }
    Path dir;
    try {
      Path target = new Path(targetDirectory);
      FileSystem targetFs = target.getFileSystem(fs.getConf());
      // A new ApplicationMaster attempt continues after the checkpoints it finds, or from 1 without
      // any: a later savepoint of an earlier attempt may hold the id. Never write into it.
      dir = savepointDirectory(targetFs, target);
      while (targetFs.exists(dir)) {
        nextId++;
        dir = savepointDirectory(targetFs, target);
      }
    } catch (IOException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("cannot use savepoint directory "
          + targetDirectory + ": " + e.getMessage(), e));
    }
    if (dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > CheckpointMetadata.MAX_SAVEPOINT_PATH_BYTES) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the savepoint directory " + dir
          + " is longer than " + CheckpointMetadata.MAX_SAVEPOINT_PATH_BYTES + " bytes"));
    }
    Pending p = new Pending(nextId++, System.currentTimeMillis(), dir);
    pending.put(p.id, p);
    history.triggered(p.id, p.timestamp);
    LOG.info("Triggering savepoint {} of job {} to {}{}", p.id, jobId, dir, stop ? ", then stopping the job" : "");
    actions.trigger(p.id, p.timestamp, dir.toString(), stop);
    timer.schedule(() -> events.execute(() -> expire(p.id)), timeoutMillis, TimeUnit.MILLISECONDS);
    return p.savepointDone;
  }

  /** {@code <target>/savepoint-<jobId>-<next id>}, qualified. */
  private Path savepointDirectory(FileSystem targetFs, Path target) {
    return targetFs.makeQualified(new Path(target, SavepointLocation.DIRECTORY_PREFIX + jobId + "-" + nextId));
  }

  /** A subtask's part of a checkpoint is done; the last one completes it. */
  public void acknowledge(int vertexId, int subtaskIndex, long checkpointId, byte[] state) {
    acknowledge(vertexId, subtaskIndex, checkpointId, state, -1, -1);
  }

  /** The same, with the subtask's state size and alignment time for the history (-1: unknown). */
  public void acknowledge(int vertexId, int subtaskIndex, long checkpointId, byte[] state, long stateSizeBytes,
      long alignmentMillis) {
    Pending p = pending.get(checkpointId);
    if (p == null) {
      return; // abandoned or already complete
    }
    Participant who = participantsByTask.get(taskKey(vertexId, subtaskIndex));
    if (who == null) {
      LOG.warn("Checkpoint {} of job {}: acknowledgement from unknown subtask {}/{}", checkpointId, jobId, vertexId,
          subtaskIndex);
      return;
    }
    p.acks.put(who, state);
    history.acknowledged(checkpointId, p.acks.size(), System.currentTimeMillis(), stateSizeBytes, alignmentMillis);
    if (p.acks.size() == participants.size()) {
      pending.remove(checkpointId);
      finalWriting |= p.finalCheckpoint;
      List<SubtaskState> states = new ArrayList<>();
      for (Participant q : participants) {
        states.add(new SubtaskState(q.vertexId(), q.subtaskIndex(), q.parallelism(), p.acks.get(q)));
      }
      CheckpointMetadata metadata = new CheckpointMetadata(jobId, p.id, p.timestamp, states);
      io.execute(() -> {
        try {
          long bytes = p.savepoint != null
              ? CheckpointStorage.writeMetadata(p.savepoint.getFileSystem(fs.getConf()), p.savepoint, metadata,
                  directoryPermission)
              : storage.writeMetadata(metadata);
          if (stopped && p.savepoint == null) {
            dropOldCheckpoints(); // the job ended while this was written: no completion will follow
          }
          events.execute(() -> {
            finalWriting &= !p.finalCheckpoint;
            if (p.savepoint != null) {
              savepointCompleted(p, bytes);
            } else {
              completed(metadata, bytes, p.finalCheckpoint);
            }
            triggerFinalIfIdle();
          });
        } catch (IOException | RuntimeException e) {
          events.execute(() -> {
            finalWriting &= !p.finalCheckpoint;
            failed(p, "writing its metadata failed: " + e);
            triggerFinalIfIdle();
          });
        }
      });
    }
  }

  private static long taskKey(int vertexId, int subtaskIndex) {
    return ((long) vertexId << 32) | (subtaskIndex & 0xffffffffL);
  }

  /** Abandons every pending checkpoint, e.g. because a task finished and cannot acknowledge. */
  public void abortPending(String reason) {
    for (Pending p : new ArrayList<>(pending.values())) {
      pending.remove(p.id);
      history.abandoned(p.id, reason, System.currentTimeMillis());
      LOG.info("{} of job {} abandoned: {}", p.describe(), jobId, reason);
      CompletableFuture<Long> waiter = requested.remove(p.id);
      if (waiter != null) {
        waiter.completeExceptionally(new IllegalStateException("checkpoint " + p.id + " was abandoned: " + reason));
      }
      if (p.savepointDone != null) {
        p.savepointDone.completeExceptionally(new IllegalStateException("savepoint " + p.id + " was abandoned: "
            + reason));
      }
    }
  }

  private void expire(long checkpointId) {
    Pending p = pending.remove(checkpointId);
    if (p != null) {
      failed(p, "it did not complete within " + timeoutMillis + " ms");
      triggerFinalIfIdle();
    }
  }

  private void failed(Pending p, String why) {
    if (p.savepointDone != null) {
      // A savepoint is on request: its caller hears why; it does not count against checkpoints.
      LOG.warn("Savepoint {} of job {} failed: {}", p.id, jobId, why);
      history.failed(p.id, "savepoint: " + why, System.currentTimeMillis());
      p.savepointDone.completeExceptionally(new IllegalStateException("savepoint " + p.id + " failed: " + why));
      return;
    }
    long checkpointId = p.id;
    CompletableFuture<Long> waiter = requested.remove(checkpointId);
    if (waiter != null) {
      waiter.completeExceptionally(new IllegalStateException("checkpoint " + checkpointId + " failed: " + why));
    }
    if (stopped) {
      return;
    }
    consecutiveFailures++;
    history.failed(checkpointId, why, System.currentTimeMillis());
    LOG.warn("Checkpoint {} of job {} failed: {} ({} in a row, {} tolerated)", checkpointId, jobId, why,
        consecutiveFailures, tolerableFailures);
    if (consecutiveFailures > tolerableFailures) {
      actions.failJob("checkpoint " + checkpointId + " failed: " + why + "; more than "
          + CheckpointOptions.TOLERABLE_FAILURES.key() + "=" + tolerableFailures + " checkpoints failed in a row");
    }
  }

  private void completed(CheckpointMetadata metadata, long bytes, boolean finalCheckpoint) {
    if (stopped) {
      return;
    }
    finalCompleted |= finalCheckpoint;
    consecutiveFailures = 0;
    lastCompletedAt = System.currentTimeMillis();
    latestCompleted = Math.max(latestCompleted, metadata.checkpointId());
    history.completed(metadata.checkpointId(), bytes, lastCompletedAt);
    LOG.info("{} {} of job {} completed in {} ms ({} bytes of metadata)",
        finalCheckpoint ? "Final checkpoint" : "Checkpoint", metadata.checkpointId(), jobId,
        lastCompletedAt - metadata.timestamp(), bytes);
    actions.completed(metadata.checkpointId(), finalCheckpoint);
    CompletableFuture<Long> waiter = requested.remove(metadata.checkpointId());
    if (waiter != null) {
      waiter.complete(metadata.checkpointId());
    }
    if (paused) {
      return; // a restart is choosing what to restore: delete nothing now
    }
    if (pinned >= 0 && metadata.checkpointId() >= firstAfterRestart) {
      pinned = -1; // every task acknowledged a checkpoint after restoring: it is done reading
    }
    long uploadsSince = pending.values().stream().mapToLong(q -> q.timestamp).min().orElse(lastCompletedAt);
    io.execute(() -> {
      dropOldCheckpoints();
      deleteUnreferencedSharedFiles(uploadsSince - CLOCK_MARGIN_MILLIS);
    });
  }

  /**
   * Deletes the files in {@code <jobDir>/shared/} (incremental RocksDB SSTs) that no retained
   * checkpoint references and that were written before {@code cutoffMillis}, so that none a pending
   * checkpoint is uploading goes. Re-referenced files belong to the latest completed checkpoint,
   * which is always retained. If a retained checkpoint cannot be read, nothing is deleted.
   */
  private void deleteUnreferencedSharedFiles(long cutoffMillis) {
    try {
      int deleted = storage.deleteUnreferencedSharedFiles(cutoffMillis);
      if (deleted > 0) {
        LOG.info("Deleted {} shared state files of job {} that no retained checkpoint uses", deleted, jobId);
      }
    } catch (IOException e) {
      LOG.warn("Could not clean the shared state files of job {} in {}: {}", jobId, storage.sharedDir(), e.toString());
    }
  }

  private void savepointCompleted(Pending p, long bytes) {
    history.completed(p.id, bytes, System.currentTimeMillis());
    LOG.info("Savepoint {} of job {} completed in {} ms: {} ({} bytes of metadata)", p.id, jobId,
        System.currentTimeMillis() - p.timestamp, p.savepoint, bytes);
    actions.completed(p.id, false); // a transactional sink commits what the savepoint covers, as for a checkpoint
    p.savepointDone.complete(p.savepoint.toString());
  }

  /** Deletes completed checkpoints beyond the retained number, oldest first, and abandoned ones older than those. */
  private void dropOldCheckpoints() {
    if (jobDir == null) {
      return;
    }
    try {
      TreeMap<Long, Path> all = storage.listCheckpoints();
      List<Long> complete = new ArrayList<>();
      for (Map.Entry<Long, Path> e : all.descendingMap().entrySet()) {
        if (storage.isComplete(e.getValue())) {
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
}
