package io.weft.worker.task;

import io.weft.api.source.InputStatus;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.core.config.CheckpointOptions;
import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.operator.OperatorStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.snapshot.TaskStateSnapshot;
import io.weft.dataplane.partition.ChannelSelector;
import io.weft.dataplane.partition.RecordWriter;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.operators.SourceOperator;
import io.weft.worker.operators.StreamOperator;
import io.weft.worker.operators.TwoInputStreamOperator;
import io.weft.worker.timers.ProcessingTimeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask, on its own thread. The thread alternates between its mailbox (timers, flushes,
 * control) and its input (a source reader or the input gate), and parks when it has neither.
 */
public final class Task implements Runnable, ProcessingTimeService {
  private static final Logger LOG = LoggerFactory.getLogger(Task.class);
  /** Elements per batch handed to a channel. */
  static final int BATCH_SIZE = 1024;

  private final TaskSetup setup;
  private final TaskListener listener;
  private final ScheduledExecutorService timerExecutor;
  private final Mailbox mailbox = new Mailbox();
  /** The operators' contexts, which hold their keyed state; filled as the chain is built. */
  private final Map<StreamNode, OperatorContext> contexts = new LinkedHashMap<>();
  private CheckpointStorage checkpointStorage;
  /** The running operators; set on the task's thread before any checkpoint can reach it. */
  private OperatorChain chain;
  private final Map<StreamEdge, RecordWriter> writers = new LinkedHashMap<>();
  private final InputGate inputGate;
  private final BarrierAligner aligner;
  private ScheduledFuture<?> bufferFlusher;
  private final AtomicBoolean flushPending = new AtomicBoolean();
  private volatile boolean canceled;
  private volatile Thread thread;
  private volatile ExecutionState state = ExecutionState.DEPLOYING;
  private volatile SourceOperator<?> source;
  private long recordsIn;
  /** The input watermark, published for heartbeats (the loop keeps its own copy). */
  private volatile long inputWatermark = Long.MIN_VALUE;
  /** True while every input channel is idle: the task then told its operators it is idle too. */
  private boolean inputsIdle;
  /** The stop-with-savepoint this task passed on, or -1: its inputs end without the end of event time. */
  private long stopSavepoint = -1;
  /** A source stopping with a savepoint ends its output only once the savepoint is complete. */
  private boolean stopSavepointCompleted;

  public Task(TaskSetup setup, TaskListener listener, ScheduledExecutorService timerExecutor) {
    this.setup = setup;
    this.listener = listener;
    this.timerExecutor = timerExecutor;
    long timeout = setup.configuration().get(CoreOptions.BUFFER_TIMEOUT).toMillis();
    for (StreamEdge edge : setup.vertex().outputs()) {
      var channels = setup.outputChannels().get(edge);
      ChannelSelector selector = ChannelSelector.of(edge.partitioning(), channels.size(), setup.subtaskIndex(),
          edge.target().maxParallelism());
      writers.put(edge, new RecordWriter(channels, selector, BATCH_SIZE, timeout == 0));
    }
    this.inputGate = setup.vertex().isSource() ? null : new InputGate(setup.inputChannels(), mailbox::wakeOwner);
    this.aligner = inputGate == null ? null : new BarrierAligner(inputGate,
        setup.configuration().get(CheckpointOptions.MODE) == CheckpointOptions.Mode.EXACTLY_ONCE);
  }

  public String name() {
    return setup.taskName();
  }

  public TaskSetup setup() {
    return setup;
  }

  public ExecutionState state() {
    return state;
  }

  public long recordsIn() {
    return recordsIn;
  }

  /**
   * Starts checkpoint {@code checkpointId} at this source task: between two polls of its reader it
   * takes its snapshot and sends the barrier downstream. Ignored unless the task is running.
   */
  public void triggerCheckpoint(long checkpointId, long timestamp) {
    triggerCheckpoint(checkpointId, timestamp, null, false);
  }

  /**
   * Starts a checkpoint, or a savepoint into {@code savepointPath}. With {@code stop} this source
   * task reads no more after the savepoint's barrier: once the savepoint completes it ends its
   * output, so the job finishes with the savepoint as its last state.
   */
  public void triggerCheckpoint(long checkpointId, long timestamp, String savepointPath, boolean stop) {
    triggerCheckpoint(checkpointId, timestamp, savepointPath, stop, false);
  }

  /**
   * As above; with {@code drain} (a stop only) the source first emits the end of event time, so every
   * event-time window and timer downstream fires, and its output precedes the savepoint's barrier.
   */
  public void triggerCheckpoint(long checkpointId, long timestamp, String savepointPath, boolean stop, boolean drain) {
    mailbox.put(() -> {
      if (state == ExecutionState.RUNNING && source != null && !canceled && stopSavepoint < 0) {
        try {
          if (stop && drain) {
            LOG.info("{} of job {} drains: end of event time before stop-with-savepoint {}", name(), setup.jobId(),
                checkpointId);
            source.endEventTime();
          }
          checkpointAligned(new CheckpointBarrier(checkpointId, timestamp, savepointPath, stop));
        } catch (Exception e) {
          throw new CheckpointException(name() + " could not take checkpoint " + checkpointId, e);
        }
      }
    });
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
      LOG.info("{} of job {} stops after savepoint {} to {}", name(), setup.jobId(), id, barrier.savepointPath());
    }
    CheckpointStorage storage = barrier.isSavepoint()
        ? CheckpointStorage.forUri(barrier.savepointPath(), new org.apache.hadoop.conf.Configuration(),
            CheckpointOptions.permissionOf(setup.configuration()))
        : checkpointStorage();
    SnapshotKind kind = barrier.isSavepoint() ? SnapshotKind.SAVEPOINT : SnapshotKind.CHECKPOINT;
    List<StreamNode> nodes = setup.vertex().operators();
    Map<StreamNode, AsyncSnapshot<KeyedStateHandle>> keyed = new LinkedHashMap<>();
    Map<StreamNode, AsyncSnapshot<KeyedStateHandle>> timers = new LinkedHashMap<>();
    Map<StreamNode, AsyncSnapshot<OperatorStateHandle>> functionState = new LinkedHashMap<>();
    Map<StreamNode, byte[]> own = new LinkedHashMap<>();
    List<AsyncSnapshot<?>> all = new ArrayList<>();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        StreamNode node = nodes.get(i);
        StreamOperator<?, ?> operator = chain.operators().get(i);
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
    for (RecordWriter w : writers.values()) {
      w.broadcastEvent(barrier);
    }
    if (all.isEmpty() && own.isEmpty()) {
      listener.checkpointAcknowledged(this, id, new byte[0], 0, alignmentMillis);
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
          if (handle != null || timerHandle != null || functionHandle != null || own.containsKey(node)) {
            states.add(new TaskStateSnapshot.OperatorState(node.id(), node.uid(), handle, own.get(node), timerHandle,
                functionHandle));
          }
        }
        listener.checkpointAcknowledged(this, id, new TaskStateSnapshot(states).toBytes(), bytes, alignmentMillis);
      } catch (Exception | Error e) {
        all.forEach(AsyncSnapshot::discard);
        LOG.warn("{} of job {} could not upload its state for checkpoint {}: {}", name(), setup.jobId(), id,
            e.toString());
      }
    });
  }

  private static <H> H upload(AsyncSnapshot<H> snapshot) throws Exception {
    return snapshot == null ? null : snapshot.upload();
  }

  /**
   * Checkpoint {@code checkpointId} is complete: operators may publish what they prepared for it
   * (a transactional sink commits), backends may build the next incremental checkpoint on it. A
   * failure to do so fails the task.
   */
  public void notifyCheckpointComplete(long checkpointId) {
    mailbox.put(() -> {
      if (chain == null || state != ExecutionState.RUNNING) {
        return;
      }
      if (checkpointId == stopSavepoint) {
        stopSavepointCompleted = true;
      }
      try {
        for (StreamOperator<?, ?> op : chain.operators()) {
          op.notifyCheckpointComplete(checkpointId);
        }
        for (OperatorContext c : contexts.values()) {
          if (c.keyedStateBackend() != null) {
            c.keyedStateBackend().notifyCheckpointComplete(checkpointId);
          }
        }
      } catch (Exception e) {
        throw new CheckpointException(name() + " could not complete checkpoint " + checkpointId, e);
      }
    });
  }

  /** {@code <state.checkpoints.dir>/<jobId>}: the same directory the JobManager writes the metadata in. */
  private CheckpointStorage checkpointStorage() throws java.io.IOException {
    if (checkpointStorage == null) {
      String dir = setup.configuration().get(CheckpointOptions.DIRECTORY);
      if (dir == null) {
        throw new IllegalStateException("checkpointing needs " + CheckpointOptions.DIRECTORY.key());
      }
      checkpointStorage = CheckpointStorage.forUri(dir.replaceAll("/+$", "") + "/" + setup.jobId(),
          new org.apache.hadoop.conf.Configuration(), CheckpointOptions.permissionOf(setup.configuration()));
    }
    return checkpointStorage;
  }

  /** Stops the task: it ends CANCELED soon, interrupting user code that blocks. */
  public void cancel() {
    if (state.isTerminal()) {
      return;
    }
    canceled = true;
    mailbox.wakeOwner();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    mailbox.setOwner(thread);
    Throwable failure = null;
    try {
      chain = new OperatorChain(setup.vertex(), setup.specs(), writers, this::contextFor);
      if (inputGate != null) {
        inputGate.open();
      }
      transition(ExecutionState.RUNNING, null);
      chain.open();
      scheduleBufferFlushes();
      if (chain.head() instanceof SourceOperator<?> head) {
        source = head;
        runSource(head);
      } else {
        runInput(chain);
      }
      if (!canceled) {
        chain.finish();
        for (RecordWriter w : writers.values()) {
          w.endOfPartition();
        }
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (bufferFlusher != null) {
        bufferFlusher.cancel(false);
      }
      if (chain != null) {
        Throwable closeFailure = chain.closeAll();
        if (failure == null) {
          failure = closeFailure;
        }
      }
      releaseChannels(failure);
    }
    if (canceled) {
      transition(ExecutionState.CANCELED, null);
    } else if (failure != null) {
      transition(ExecutionState.FAILED, failure);
    } else {
      transition(ExecutionState.FINISHED, null);
    }
    Thread.interrupted();
  }

  /** Tells consumers elsewhere whether this task failed, stops reading, and returns the network buffers. */
  private void releaseChannels(Throwable failure) {
    Throwable cause = failure != null ? failure
        : canceled ? new CancellationException(name() + " was canceled") : null;
    for (RecordWriter w : writers.values()) {
      w.close(cause);
    }
    if (inputGate != null) {
      inputGate.close();
    }
    setup.bufferPools().forEach(LocalBufferPool::destroy);
  }

  private void runSource(SourceOperator<?> source) throws Exception {
    while (!canceled) {
      mailbox.runAll();
      if (stopSavepoint >= 0) {
        // Stopping with a savepoint: read nothing after its barrier, and end once it completed so
        // that a transactional sink has committed what the savepoint covers.
        if (stopSavepointCompleted) {
          return;
        }
        flushOutputs();
        if (mailbox.isEmpty() && !canceled) {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        continue;
      }
      InputStatus status;
      try {
        status = source.pollNext();
      } catch (Exception | Error e) {
        throw OperatorException.wrap(setup.vertex().head().name(), e);
      }
      if (status == InputStatus.END_OF_INPUT) {
        return;
      }
      if (status == InputStatus.NOTHING_AVAILABLE) {
        flushOutputs();
        if (mailbox.isEmpty() && !canceled) {
          LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private void runInput(OperatorChain chain) throws Exception {
    StreamOperator head = chain.head();
    String headName = chain.headName();
    int channels = inputGate.numberOfChannels();
    long[] channelWatermarks = new long[channels];
    Arrays.fill(channelWatermarks, Long.MIN_VALUE);
    boolean[] ended = new boolean[channels];
    boolean[] idle = new boolean[channels];
    int endedCount = 0;
    long currentWatermark = Long.MIN_VALUE;
    StreamRecord record = new StreamRecord<>(null);
    // A two-input head gets each channel's records on the input that channel's edge feeds.
    int[] sides = setup.inputSides().stream().mapToInt(Integer::intValue).toArray();
    TwoInputStreamOperator twoInput = head instanceof TwoInputStreamOperator t ? t : null;
    while (!canceled) {
      mailbox.runAll();
      Object item = inputGate.poll();
      if (item == null) {
        flushOutputs();
        if (mailbox.isEmpty() && !inputGate.hasAvailable() && !canceled) {
          LockSupport.park(this);
        }
        continue;
      }
      if (item instanceof RecordBatch batch) {
        int side = sides[inputGate.lastChannel()];
        try {
          if (side == 0) {
            for (int i = 0, n = batch.size(); i < n; i++) {
              head.processElement(record.replace(batch.value(i), batch.timestamp(i)));
            }
          } else if (side == 1) {
            for (int i = 0, n = batch.size(); i < n; i++) {
              twoInput.processElement1(record.replace(batch.value(i), batch.timestamp(i)));
            }
          } else {
            for (int i = 0, n = batch.size(); i < n; i++) {
              twoInput.processElement2(record.replace(batch.value(i), batch.timestamp(i)));
            }
          }
        } catch (Exception | Error e) {
          throw side == 0 ? OperatorException.wrap(headName, e) : OperatorException.wrap(headName, side, e);
        }
        recordsIn += batch.size();
      } else if (item instanceof Watermark wm) {
        // As in Flink, an idle channel's watermarks are ignored until it reports ACTIVE.
        if (!idle[inputGate.lastChannel()]) {
          channelWatermarks[inputGate.lastChannel()] = wm.timestamp();
        }
        currentWatermark = advanceWatermark(head, headName, channelWatermarks, ended, idle, currentWatermark);
      } else if (item instanceof WatermarkStatus status) {
        idle[inputGate.lastChannel()] = status.idle();
        currentWatermark = advanceWatermark(head, headName, channelWatermarks, ended, idle, currentWatermark);
      } else if (item instanceof CheckpointBarrier barrier) {
        aligner.onBarrier(inputGate.lastChannel(), barrier, this::checkpointAligned);
      } else if (item instanceof EndOfPartition) {
        aligner.onEndOfPartition(inputGate.lastChannel(), this::checkpointAligned);
        ended[inputGate.lastChannel()] = true;
        idle[inputGate.lastChannel()] = false;
        if (++endedCount == channels) {
          return;
        }
        if (stopSavepoint >= 0) {
          continue; // stopped with a savepoint: an ended input is not the end of event time
        }
        currentWatermark = advanceWatermark(head, headName, channelWatermarks, ended, idle, currentWatermark);
      } else {
        throw new IllegalStateException("unexpected item on a channel: " + item);
      }
      if (currentWatermark != inputWatermark) {
        inputWatermark = currentWatermark;
      }
    }
  }

  /**
   * A task's watermark is the smallest over the channels still open. Long.MAX_VALUE is a real
   * watermark (the end of a bounded input: it fires every pending event-time timer), so it is
   * passed on like any other; only "no channel open" yields none.
   *
   * <p>Idleness, with Flink's semantics: an idle channel is left out of the minimum, and so is a
   * channel that became active again until its watermark has caught up with the task's (it is
   * behind only after being idle), so event time never goes back. An ended channel sent
   * Long.MAX_VALUE last, so with the others idle it lets event time reach the end. When every
   * channel is idle, nothing holds event time back: the task passes on the highest channel
   * watermark, then IDLE; the first channel active again makes it ACTIVE.
   */
  private long advanceWatermark(StreamOperator<?, ?> head, String headName, long[] channelWatermarks,
      boolean[] ended, boolean[] idle, long current) throws Exception {
    long min = Long.MAX_VALUE;
    long maxIdle = Long.MIN_VALUE;
    boolean anyOpen = false;
    boolean allIdle = true;
    for (int c = 0; c < channelWatermarks.length; c++) {
      if (ended[c]) {
        anyOpen = true;
        allIdle = false;
      } else if (idle[c]) {
        maxIdle = Math.max(maxIdle, channelWatermarks[c]);
      } else {
        allIdle = false;
        if (channelWatermarks[c] >= current) {
          anyOpen = true;
          min = Math.min(min, channelWatermarks[c]);
        }
      }
    }
    if (allIdle != inputsIdle) {
      try {
        if (allIdle && maxIdle > current) {
          head.processWatermark(maxIdle);
          current = maxIdle;
        }
        inputsIdle = allIdle;
        head.processWatermarkStatus(allIdle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
      } catch (Exception | Error e) {
        throw OperatorException.wrap(headName, e);
      }
    }
    if (anyOpen && min > current) {
      try {
        head.processWatermark(min);
      } catch (Exception | Error e) {
        throw OperatorException.wrap(headName, e);
      }
      return min;
    }
    return current;
  }

  private void flushOutputs() throws IOException, InterruptedException {
    for (RecordWriter w : writers.values()) {
      w.flush();
    }
  }

  private void scheduleBufferFlushes() {
    long timeout = setup.configuration().get(CoreOptions.BUFFER_TIMEOUT).toMillis();
    if (timeout <= 0 || writers.isEmpty()) {
      return;
    }
    bufferFlusher = timerExecutor.scheduleWithFixedDelay(() -> {
      if (flushPending.compareAndSet(false, true)) {
        mailbox.put(() -> {
          flushPending.set(false);
          try {
            flushOutputs();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }, timeout, timeout, TimeUnit.MILLISECONDS);
  }

  private OperatorContext contextFor(StreamNode node) {
    TypeSerializer<?> keySerializer = null;
    TypeInfo<?> inputType = null;
    TypeInfo<?> secondInputType = null;
    for (StreamEdge in : node.inEdges()) {
      TypeInfo<?> keyType = in.partitioning().keyType();
      if (keyType != null) {
        keySerializer = keyType.createSerializer();
      }
      TypeInfo<?> type = in.sideOutputTag() != null ? in.sideOutputTag().getTypeInfo() : in.source().outputType();
      if (in.inputSide() == 2) {
        secondInputType = type;
      } else {
        inputType = type;
      }
    }
    OperatorContext context = new OperatorContext(setup.jobId(), node.name(), name(), setup.subtaskIndex(),
        node.parallelism(), node.maxParallelism(), setup.configuration(), setup.runtimeMode(), this, keySerializer,
        inputType, setup.restore().getOrDefault(node.id(), OperatorRestore.NONE), setup.attemptNumber());
    context.setSecondInputType(secondInputType);
    contexts.put(node, context);
    return context;
  }

  // ---- ProcessingTimeService ----

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  @Override
  public void scheduleAt(long time, Runnable action) {
    // Not tracked: once the task has ended nobody runs its mailbox, so a late timer is dropped.
    timerExecutor.schedule(() -> mailbox.put(action), Math.max(0, time - now()), TimeUnit.MILLISECONDS);
  }

  private void transition(ExecutionState next, Throwable failure) {
    state = next;
    if (failure != null) {
      LOG.warn("Task {} of job {} switched to {}: {}", name(), setup.jobId(), next, failure.toString());
    } else {
      LOG.info("Task {} of job {} switched to {}", name(), setup.jobId(), next);
    }
    listener.stateChanged(this, next, failure);
  }

  /** Records written to all output edges (a broadcast record counts once). */
  public long recordsOut() {
    long sum = 0;
    for (RecordWriter w : writers.values()) {
      sum += w.recordsOut();
    }
    return sum;
  }

  /** Time spent waiting for room in output channels, in total: the task's backpressure. */
  public long backPressuredNanos() {
    long sum = 0;
    for (RecordWriter w : writers.values()) {
      sum += w.blockedNanos();
    }
    return sum;
  }

  /**
   * For a source task, the share of its input read, 0 to 1 (1 once finished); negative for other
   * tasks and for sources without an end.
   */
  public double sourceProgress() {
    SourceOperator<?> s = source;
    if (s == null) {
      return -1;
    }
    return state == ExecutionState.FINISHED ? 1 : s.progress();
  }

  /** The smallest watermark over the open input channels; Long.MIN_VALUE for a source or before any. */
  public long inputWatermark() {
    return inputWatermark;
  }

  /** How full the fullest input channel is, 0 to 1. */
  public double inputFill() {
    return inputGate == null ? 0 : inputGate.maxFill();
  }

  /** How full the fullest output channel is, 0 to 1. */
  public double outputFill() {
    double max = 0;
    for (RecordWriter w : writers.values()) {
      max = Math.max(max, w.maxFill());
    }
    return max;
  }

  /** The records each output edge wrote, for progress and tests. */
  public List<Long> recordsOutPerEdge() {
    List<Long> out = new ArrayList<>();
    writers.values().forEach(w -> out.add(w.recordsOut()));
    return out;
  }
}
