package io.weft.worker.task;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.StreamNode;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.partition.RecordWriter;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.snapshot.TaskStateSnapshot;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.StreamOperator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's side of a checkpoint: aligns the barriers of its inputs, copies the state of its
 * operators (the synchronous part, on the task's thread), passes the barrier on, and acknowledges
 * once the copy is uploaded (on an upload thread); then relays the checkpoint's completion to the
 * operators and backends. It also remembers a stop-with-savepoint, after whose barrier the task
 * reads no more. Runs on the task's thread, except the upload.
 */
final class TaskCheckpointer {
  private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpointer.class);

  /** Where acknowledgements go (the task's listener), from the upload thread. */
  @FunctionalInterface
  interface Acknowledgements {
    void acknowledged(long checkpointId, byte[] state, long stateSizeBytes, long alignmentMillis);
  }

  private final String taskName;
  private final String jobId;
  private final Configuration configuration;
  private final List<StreamNode> nodes;
  private final Collection<RecordWriter> writers;
  private final Acknowledgements acks;
  /** Null for a source task: its checkpoints are triggered, not aligned. */
  private final BarrierAligner aligner;
  private List<StreamOperator<?, ?>> operators;
  private Map<StreamNode, OperatorContext> contexts;
  private CheckpointStorage checkpointStorage;
  /** The stop-with-savepoint this task passed on, or -1: its inputs end without the end of event time. */
  private long stopSavepoint = -1;
  /** A task stopping with a savepoint ends its output only once the savepoint is complete. */
  private boolean stopSavepointCompleted;
  /** The job's final checkpoint completed: a task whose input ended may now end. */
  private boolean finalCheckpointCompleted;
  /** The chain finished: every later snapshot lists all its operators as finished. */
  private boolean finished;
  /** The task was deployed as finished: its operators never ran, so there is nothing of theirs to snapshot or tell. */
  private boolean finishedOnRestore;

  /**
   * A checkpointer for the operators {@code nodes} (the vertex's, in chain order) writing to
   * {@code writers}, aligning the barriers of {@code gate} (null for a source task).
   */
  TaskCheckpointer(String taskName, String jobId, Configuration configuration, List<StreamNode> nodes,
      Collection<RecordWriter> writers, InputGate gate, Acknowledgements acks) {
    this.taskName = taskName;
    this.jobId = jobId;
    this.configuration = configuration;
    this.nodes = nodes;
    this.writers = writers;
    this.acks = acks;
    this.aligner = gate == null ? null : new BarrierAligner(gate,
        configuration.get(CheckpointOptions.MODE) == CheckpointOptions.Mode.EXACTLY_ONCE);
  }

  /**
   * The running operators (in the order of {@code nodes}) and their contexts, which hold their
   * state; set on the task's thread before any barrier can reach the task.
   */
  void start(List<StreamOperator<?, ?>> operators, Map<StreamNode, OperatorContext> contexts) {
    this.operators = operators;
    this.contexts = contexts;
  }

  /**
   * The chain finished (its input ended and {@code finish()} ran): from now on each snapshot marks
   * every operator finished, so that a restore from it does not run them again.
   */
  void markFinished() {
    finished = true;
  }

  /**
   * The task was deployed as finished (every operator of it had finished in every subtask of the
   * restored state): its snapshots mark the operators finished again, with no state, and
   * completions go to no operator.
   */
  void markFinishedOnRestore() {
    finished = true;
    finishedOnRestore = true;
  }

  boolean started() {
    return operators != null;
  }

  /** A barrier came on input {@code channel}: snapshot once every open input has delivered it. */
  void onBarrier(int channel, CheckpointBarrier barrier) throws Exception {
    aligner.onBarrier(channel, barrier, this::checkpointAligned);
  }

  /** Input {@code channel} ended: it will send no barrier, so the others may now be aligned. */
  void onEndOfPartition(int channel) throws Exception {
    aligner.onEndOfPartition(channel, this::checkpointAligned);
  }

  /** A source task takes its part of a checkpoint between two reads. */
  void triggerAtSource(CheckpointBarrier barrier) throws Exception {
    checkpointAligned(barrier);
  }

  /** True once the task passed on the barrier of a stop-with-savepoint: it reads no more. */
  boolean stopping() {
    return stopSavepoint >= 0;
  }

  /** True once the stop-with-savepoint this task passed on is complete: the task may end. */
  boolean stopSavepointCompleted() {
    return stopSavepointCompleted;
  }

  /**
   * True once the task may end its output: the job's final checkpoint or the stop-with-savepoint it
   * passed on is complete, so what its operators prepared last is committed.
   */
  boolean endCommitted() {
    return finalCheckpointCompleted || stopSavepointCompleted;
  }

  /**
   * Checkpoint {@code checkpointId} is complete: operators may publish what they prepared for it
   * (a transactional sink commits), backends may build the next incremental checkpoint on it.
   * {@code finalCheckpoint}: it is the job's final checkpoint, so the task may end.
   */
  void notifyCheckpointComplete(long checkpointId, boolean finalCheckpoint) throws Exception {
    if (checkpointId == stopSavepoint) {
      stopSavepointCompleted = true;
    }
    finalCheckpointCompleted |= finalCheckpoint;
    if (finishedOnRestore) {
      return;
    }
    for (StreamOperator<?, ?> op : operators) {
      op.notifyCheckpointComplete(checkpointId);
    }
    for (OperatorContext c : contexts.values()) {
      if (c.keyedStateBackend() != null) {
        c.keyedStateBackend().notifyCheckpointComplete(checkpointId);
      }
    }
  }

  /**
   * Every input's barrier is here (or this is a source): copy the state (the synchronous part),
   * pass the barrier on, and acknowledge once the copy is uploaded, on another thread.
   */
  private void checkpointAligned(CheckpointBarrier barrier) throws Exception {
    long id = barrier.checkpointId();
    long alignmentMillis = aligner == null ? 0 : aligner.lastAlignmentNanos() / 1_000_000;
    if (barrier.stop()) {
      stopSavepoint = id;
      LOG.info("{} of job {} stops after savepoint {} to {}", taskName, jobId, id, barrier.savepointPath());
    }
    CheckpointStorage storage = barrier.isSavepoint()
        ? CheckpointStorage.forUri(barrier.savepointPath(), new org.apache.hadoop.conf.Configuration(),
            CheckpointOptions.permissionOf(configuration))
        : checkpointStorage();
    SnapshotKind kind = barrier.isSavepoint() ? SnapshotKind.SAVEPOINT : SnapshotKind.CHECKPOINT;
    Map<StreamNode, AsyncSnapshot<KeyedStateHandle>> keyed = new LinkedHashMap<>();
    Map<StreamNode, AsyncSnapshot<KeyedStateHandle>> timers = new LinkedHashMap<>();
    Map<StreamNode, AsyncSnapshot<OperatorStateHandle>> functionState = new LinkedHashMap<>();
    Map<StreamNode, byte[]> own = new LinkedHashMap<>();
    List<AsyncSnapshot<?>> all = new ArrayList<>();
    try {
      for (int i = 0; i < nodes.size() && !finishedOnRestore; i++) {
        StreamNode node = nodes.get(i);
        StreamOperator<?, ?> operator = operators.get(i);
        OperatorContext context = contexts.get(node);
        // The function first: it may copy what it holds in fields into its keyed or operator state.
        operator.snapshotFunctionState(id, barrier.timestamp());
        KeyedStateBackend<?> backend = context.keyedStateBackend();
        if (backend != null) {
          keyed.put(node, backend.snapshot(id, storage, kind));
          all.add(keyed.get(node));
        }
        AsyncSnapshot<KeyedStateHandle> nodeTimers = context.snapshotTimers(id, storage);
        if (nodeTimers != null) {
          timers.put(node, nodeTimers);
          all.add(nodeTimers);
        }
        if (context.operatorStateBackendIfCreated() != null) {
          functionState.put(node, context.operatorStateBackendIfCreated().snapshot(id, storage));
          all.add(functionState.get(node));
        }
        byte[] state = operator.snapshotState(id);
        if (state != null) {
          own.put(node, state);
        }
      }
    } catch (Exception | Error e) {
      all.forEach(AsyncSnapshot::discard);
      throw e;
    }
    for (RecordWriter w : writers) {
      w.broadcastEvent(barrier);
    }
    boolean finishedNow = finished; // read here: the upload runs on another thread
    if (all.isEmpty() && own.isEmpty() && !finishedNow) {
      acks.acknowledged(id, new byte[0], 0, alignmentMillis);
      return;
    }
    SnapshotUploads.run(() -> {
      try {
        List<TaskStateSnapshot.OperatorState> states = new ArrayList<>();
        long bytes = 0;
        for (StreamNode node : nodes) {
          KeyedStateHandle handle = upload(keyed.get(node));
          KeyedStateHandle timerHandle = upload(timers.get(node));
          OperatorStateHandle functionHandle = upload(functionState.get(node));
          bytes += (handle == null ? 0 : handle.stateSize()) + (timerHandle == null ? 0 : timerHandle.stateSize())
              + (functionHandle == null ? 0 : functionHandle.size())
              + (own.containsKey(node) ? own.get(node).length : 0);
          // A finished chain lists its stateless operators too: the restore needs every subtask's flag.
          if (handle != null || timerHandle != null || functionHandle != null || own.containsKey(node)
              || finishedNow) {
            states.add(new TaskStateSnapshot.OperatorState(node.id(), node.uid(), handle, own.get(node), timerHandle,
                functionHandle, finishedNow));
          }
        }
        acks.acknowledged(id, new TaskStateSnapshot(states).toBytes(), bytes, alignmentMillis);
      } catch (Exception | Error e) {
        all.forEach(AsyncSnapshot::discard);
        LOG.warn("{} of job {} could not upload its state for checkpoint {}: {}", taskName, jobId, id,
            e.toString());
      }
    });
  }

  private static <H> H upload(AsyncSnapshot<H> snapshot) throws Exception {
    return snapshot == null ? null : snapshot.upload();
  }

  /** {@code <state.checkpoints.dir>/<jobId>}: the same directory the JobManager writes the metadata in. */
  private CheckpointStorage checkpointStorage() throws IOException {
    if (checkpointStorage == null) {
      String dir = configuration.get(CheckpointOptions.DIRECTORY);
      if (dir == null) {
        throw new IllegalStateException("checkpointing needs " + CheckpointOptions.DIRECTORY.key());
      }
      checkpointStorage = CheckpointStorage.forUri(dir.replaceAll("/+$", "") + "/" + jobId,
          new org.apache.hadoop.conf.Configuration(), CheckpointOptions.permissionOf(configuration));
    }
    return checkpointStorage;
  }
}
