package io.weft.worker.task;

import io.weft.api.source.InputStatus;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.core.config.CheckpointOptions;
import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.EndOfData;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.operators.SourceOperator;
import io.weft.worker.operators.StreamOperator;
import io.weft.worker.operators.TwoInputStreamOperator;
import io.weft.worker.metrics.TaskMetricGroup;
import io.weft.worker.timers.ProcessingTimeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask, on its own thread. The thread alternates between its mailbox (timers, flushes,
 * control) and its input (a source reader or the input gate), and parks when it has neither.
 * What the input yields goes to the head operator (records), the {@link WatermarkValve}
 * (watermarks, idleness, ends) and the {@link TaskCheckpointer} (barriers, ends); what the chain
 * emits leaves through the {@link TaskOutputs}.
 *
 * <p>Longer than most classes (about 630 lines) because the run loops (a source, an input, a task
 * deployed as finished), the wait for the final checkpoint after them, the mailbox actions that
 * reach into them (checkpoint triggers, cancel) and the figures heartbeats read all share the
 * thread's state; what has state of its own already lives in the classes above.
 */
public final class Task implements Runnable, ProcessingTimeService, TaskMetricGroup.Figures {
  private static final Logger LOG = LoggerFactory.getLogger(Task.class);

  private final TaskSetup setup;
  private final TaskListener listener;
  private final ScheduledExecutorService timerExecutor;
  private final Mailbox mailbox = new Mailbox();
  /** The operators' contexts, which hold their keyed state; filled as the chain is built. */
  private final Map<StreamNode, OperatorContext> contexts = new LinkedHashMap<>();
  private OperatorChain chain;
  private final TaskOutputs outputs;
  private final InputGate inputGate;
  private final TaskCheckpointer checkpointer;
  private ScheduledFuture<?> bufferFlusher;
  private final AtomicBoolean flushPending = new AtomicBoolean();
  private volatile boolean canceled;
  /** Whether the job ends with a final checkpoint, which tasks whose input ended wait for. */
  private final boolean endsWithFinalCheckpoint;
  /** Set once the input ended and the operators finished (with a final checkpoint to come): timers no longer fire. */
  private volatile boolean inputEnded;
  /**
   * Every operator of this task had finished in every subtask of the restored state (Flink's task
   * "deployed as finished"): it runs none of them, only ends its outputs and takes part in checkpoints.
   */
  private final boolean finishedOnRestore;
  private volatile Thread thread;
  private volatile ExecutionState state = ExecutionState.DEPLOYING;
  private volatile SourceOperator<?> source;
  private long recordsIn;
  private final IdleParking idle = new IdleParking();
  private final TaskMetricGroup metrics;
  /** The input watermark, published for heartbeats (the loop keeps its own copy). */
  private volatile long inputWatermark = Long.MIN_VALUE;

  public Task(TaskSetup setup, TaskListener listener, ScheduledExecutorService timerExecutor) {
    this.setup = setup;
    this.listener = listener;
    this.timerExecutor = timerExecutor;
    this.outputs = new TaskOutputs(setup);
    // After the outputs: the group reads the task's figures (backpressure from the outputs) at once.
    this.metrics = new TaskMetricGroup(setup.jobId(), setup.vertex().id(), setup.vertex().name(),
        setup.subtaskIndex(), this);
    this.endsWithFinalCheckpoint = CheckpointOptions.endsWithFinalCheckpoint(setup.configuration(),
        setup.runtimeMode());
    this.finishedOnRestore = setup.vertex().operators().stream()
        .allMatch(n -> setup.restore().getOrDefault(n.id(), OperatorRestore.NONE).finished());
    this.inputGate = setup.vertex().isSource() ? null : new InputGate(setup.inputChannels(), mailbox::wakeOwner);
    this.checkpointer = new TaskCheckpointer(name(), setup.jobId(), setup.configuration(), setup.vertex().operators(),
        outputs.all(), inputGate,
        (id, state, bytes, alignment) -> listener.checkpointAcknowledged(this, id, state, bytes, alignment));
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

  @Override
  public long recordsIn() {
    return recordsIn;
  }

  /** Time the thread parked with nothing to do, the park under way included. */
  @Override
  public long idleNanos() {
    return idle.idleNanos();
  }

  /** The subtask's metrics and those of its operators. */
  public TaskMetricGroup metricGroup() {
    return metrics;
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
      if (state == ExecutionState.RUNNING && setup.vertex().isSource() && !canceled && !checkpointer.stopping()) {
        try {
          if (stop && drain && !inputEnded) {
            LOG.info("{} of job {} drains: end of event time before stop-with-savepoint {}", name(), setup.jobId(),
                checkpointId);
            source.endEventTime();
          }
          checkpointer.triggerAtSource(new CheckpointBarrier(checkpointId, timestamp, savepointPath, stop));
        } catch (Exception e) {
          throw new CheckpointException(name() + " could not take checkpoint " + checkpointId, e);
        }
      }
    });
  }

  /**
   * Checkpoint {@code checkpointId} is complete: operators may publish what they prepared for it
   * (a transactional sink commits), backends may build the next incremental checkpoint on it. A
   * failure to do so fails the task.
   */
  public void notifyCheckpointComplete(long checkpointId) {
    notifyCheckpointComplete(checkpointId, false);
  }

  /** As above; {@code finalCheckpoint}: the job's final checkpoint, after which a task whose input ended ends. */
  public void notifyCheckpointComplete(long checkpointId, boolean finalCheckpoint) {
    mailbox.put(() -> {
      if (!checkpointer.started() || state != ExecutionState.RUNNING) {
        return;
      }
      try {
        // Every task's part of the final checkpoint comes after its input ended, so this holds then;
        // it keeps a task whose input goes on from ending should a final word come early.
        checkpointer.notifyCheckpointComplete(checkpointId, finalCheckpoint && inputEnded);
      } catch (Exception e) {
        throw new CheckpointException(name() + " could not complete checkpoint " + checkpointId, e);
      }
    });
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
      chain = new OperatorChain(setup.vertex(), setup.specs(), outputs.byEdge(), this::contextFor);
      checkpointer.start(chain.operators(), contexts);
      if (inputGate != null) {
        inputGate.open();
      }
      if (finishedOnRestore) {
        runFinished();
      } else {
        // RUNNING once the operators opened, that is restored their state (Flink's INITIALIZING ->
        // RUNNING): the JobManager's "every task RUNNING" then means the job really processes, which a
        // rescale's pause and the start of checkpoints depend on (100 MB of keyed state take seconds).
        chain.open();
        transition(ExecutionState.RUNNING, null);
        scheduleBufferFlushes();
        if (chain.head() instanceof SourceOperator<?> head) {
          source = head;
          runSource(head);
        } else {
          runInput(chain);
        }
      }
      if (!canceled) {
        if (!inputEnded) {
          chain.finish();
        }
        outputs.endOfPartition();
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (bufferFlusher != null) {
        bufferFlusher.cancel(false);
      }
      if (chain != null) {
        chain.publishCounts(); // what the last batch, the end of input and finish() emitted
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
    outputs.close(cause);
    if (inputGate != null) {
      inputGate.close();
    }
    setup.bufferPools().forEach(LocalBufferPool::destroy);
  }

  private void runSource(SourceOperator<?> source) throws Exception {
    while (!canceled) {
      mailbox.runAll();
      // Per pass (a batch, a source poll, the mail before it), not per record: before parking too.
      chain.publishCounts();
      if (checkpointer.stopping()) {
        // Stopping with a savepoint: read nothing after its barrier, and end once it completed so
        // that a transactional sink has committed what the savepoint covers.
        awaitEndCommitted();
        return;
      }
      InputStatus status;
      try {
        status = source.pollNext();
      } catch (Exception | Error e) {
        throw OperatorException.wrap(setup.vertex().head().name(), e);
      }
      if (status == InputStatus.END_OF_INPUT) {
        if (endsWithFinalCheckpoint) {
          endInput();
          listener.inputEnded(this);
          awaitEndCommitted();
        }
        return;
      }
      if (status == InputStatus.NOTHING_AVAILABLE) {
        flushOutputs();
        if (mailbox.isEmpty() && !canceled) {
          idle.park(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private void runInput(OperatorChain chain) throws Exception {
    StreamOperator head = chain.head();
    String headName = chain.headName();
    int channels = inputGate.numberOfChannels();
    WatermarkValve valve = new WatermarkValve(channels, new WatermarkValve.Output() {
      @Override
      public void emitWatermark(long watermark) throws Exception {
        callHead(headName, () -> head.processWatermark(watermark));
      }

      @Override
      public void emitWatermarkStatus(WatermarkStatus status) throws Exception {
        callHead(headName, () -> head.processWatermarkStatus(status));
      }
    });
    int endedCount = 0;
    int dataEndedCount = 0;
    StreamRecord record = new StreamRecord<>(null);
    // A two-input head gets each channel's records on the input that channel's edge feeds.
    int[] sides = setup.inputSides().stream().mapToInt(Integer::intValue).toArray();
    TwoInputStreamOperator twoInput = head instanceof TwoInputStreamOperator t ? t : null;
    while (!canceled) {
      mailbox.runAll();
      // Per pass (a batch, a source poll, the mail before it), not per record: before parking too.
      chain.publishCounts();
      Object item = pollOrPark();
      if (item == null) {
        continue;
      }
      int channel = inputGate.lastChannel();
      if (item instanceof RecordBatch batch) {
        int side = sides[channel];
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
        valve.onWatermark(channel, wm.timestamp());
      } else if (item instanceof WatermarkStatus status) {
        valve.onWatermarkStatus(channel, status.idle());
      } else if (item instanceof CheckpointBarrier barrier) {
        checkpointer.onBarrier(channel, barrier);
      } else if (item instanceof EndOfData) {
        valve.onEndOfPartition(channel, true); // its end of event time came before
        if (++dataEndedCount == channels) {
          endInput();
        }
      } else if (item instanceof EndOfPartition) {
        checkpointer.onEndOfPartition(channel);
        if (++endedCount == channels) {
          if (endsWithFinalCheckpoint) {
            // Upstream ended after the final checkpoint or a stop-with-savepoint completed; this
            // task's part of it commits once the JobManager's word reaches it too.
            awaitEndCommitted();
          }
          return;
        }
        // Stopped with a savepoint: an ended input is not the end of event time.
        valve.onEndOfPartition(channel, !checkpointer.stopping());
      } else {
        throw new IllegalStateException("unexpected item on a channel: " + item);
      }
      if (valve.currentWatermark() != inputWatermark) {
        inputWatermark = valve.currentWatermark();
      }
    }
  }

  /**
   * A task deployed as finished: none of its operators runs (a sink only commits what the restored
   * checkpoint carries, see {@link StreamOperator#restoreFinished}). It ends event time and the data
   * at once, as its input ended before the restored checkpoint; then, like a task whose input ended,
   * it passes barriers on, acknowledging each checkpoint with its operators marked finished, until
   * the job's final checkpoint completes. Its inputs, if any, come from tasks deployed as finished
   * too ({@code StateAssignment} refuses anything else): only events arrive.
   */
  private void runFinished() throws Exception {
    checkpointer.markFinishedOnRestore();
    chain.restoreFinished();
    inputEnded = true;
    transition(ExecutionState.RUNNING, null);
    LOG.info("{} of job {} is deployed as finished: every operator of it had finished in the restored state", name(),
        setup.jobId());
    outputs.endEventTime();
    if (endsWithFinalCheckpoint) {
      outputs.endOfData();
    }
    flushOutputs();
    if (inputGate == null) {
      if (endsWithFinalCheckpoint) {
        listener.inputEnded(this);
        awaitEndCommitted();
      }
      return;
    }
    int channels = inputGate.numberOfChannels();
    int endedCount = 0;
    while (!canceled) {
      mailbox.runAll();
      Object item = pollOrPark();
      if (item == null) {
        continue;
      }
      int channel = inputGate.lastChannel();
      if (item instanceof CheckpointBarrier barrier) {
        checkpointer.onBarrier(channel, barrier);
      } else if (item instanceof EndOfPartition) {
        checkpointer.onEndOfPartition(channel);
        if (++endedCount == channels) {
          if (endsWithFinalCheckpoint) {
            awaitEndCommitted();
          }
          return;
        }
      } else if (item instanceof RecordBatch) {
        throw new IllegalStateException(name() + " is deployed as finished but got records from upstream");
      }
      // Watermarks, idleness and EndOfData: upstream's end, already passed on.
    }
  }

  /** The next item of the input, or null after sending what is buffered and waiting for input or mail. */
  private Object pollOrPark() throws IOException, InterruptedException {
    Object item = inputGate.poll();
    if (item == null) {
      flushOutputs();
      if (mailbox.isEmpty() && !inputGate.hasAvailable() && !canceled) {
        idle.park(this, 0);
      }
    }
    return item;
  }

  /**
   * The input ended and a final checkpoint is to come: the operators finish (a transactional sink
   * prepares its rest) and the consumers hear that no data follows. The task stays up, passing
   * checkpoint barriers on, until the final checkpoint completes.
   */
  private void endInput() throws Exception {
    chain.finish();
    checkpointer.markFinished();
    inputEnded = true;
    outputs.endOfData();
    flushOutputs();
    LOG.info("{} of job {} reached the end of its input; it ends once the job's final checkpoint completes", name(),
        setup.jobId());
  }

  /** Runs the mailbox (checkpoints, their completions) until the final checkpoint or the stop's savepoint completed. */
  private void awaitEndCommitted() throws Exception {
    while (!canceled && !checkpointer.endCommitted()) {
      mailbox.runAll();
      chain.publishCounts();
      flushOutputs();
      if (mailbox.isEmpty() && !canceled && !checkpointer.endCommitted()) {
        idle.park(this, TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  /** A call into the head operator. */
  @FunctionalInterface
  private interface HeadCall {
    void run() throws Exception;
  }

  /** Calls the head operator; what it throws names it. */
  private static void callHead(String headName, HeadCall call) throws Exception {
    try {
      call.run();
    } catch (Exception | Error e) {
      throw OperatorException.wrap(headName, e);
    }
  }

  private void flushOutputs() throws IOException, InterruptedException {
    outputs.flush();
  }

  private void scheduleBufferFlushes() {
    long timeout = setup.configuration().get(CoreOptions.BUFFER_TIMEOUT).toMillis();
    if (timeout <= 0 || outputs.isEmpty()) {
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
        inputType, setup.restore().getOrDefault(node.id(), OperatorRestore.NONE), setup.attemptNumber(),
        setup.slotBudget());
    context.setSecondInputType(secondInputType);
    context.setMailboxExecutor(new io.weft.worker.operators.MailboxExecutor(mailbox::put, (time, action) ->
        timerExecutor.schedule(action, Math.max(0, time - now()), TimeUnit.MILLISECONDS)));
    context.setMetrics(metrics.addOperator(node.id(), node.name(), node == setup.vertex().head(),
        context::managedMemoryInUse));
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
    timerExecutor.schedule(() -> mailbox.put(() -> {
      // Past the barrier of a stop-with-savepoint (without drain) the task emits nothing more, as
      // Flink quiesces its timers: a periodic watermark or a processing-time timer firing now would
      // send output downstream after the savepoint's barrier, which the savepoint does not cover,
      // so the restored job would produce it a second time.
      // Likewise once the input ended and the operators finished (Flink quiesces their timers then).
      if (!checkpointer.stopping() && !inputEnded) {
        action.run();
      }
    }), Math.max(0, time - now()), TimeUnit.MILLISECONDS);
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
  @Override
  public long recordsOut() {
    return outputs.recordsOut();
  }

  /** Time spent waiting for room in output channels, in total: the task's backpressure. */
  @Override
  public long backPressuredNanos() {
    return outputs.blockedNanos();
  }

  /**
   * For a source task, the share of its input read, 0 to 1 (1 once finished); negative for other
   * tasks and for sources without an end.
   */
  public double sourceProgress() {
    SourceOperator<?> s = source;
    if (finishedOnRestore && setup.vertex().isSource()) {
      return 1; // its input had ended before the restored checkpoint
    }
    if (s == null) {
      return -1;
    }
    return state == ExecutionState.FINISHED ? 1 : s.progress();
  }

  /** The smallest watermark over the open input channels; Long.MIN_VALUE for a source or before any. */
  @Override
  public long inputWatermark() {
    return inputWatermark;
  }

  /** How full the fullest input channel is, 0 to 1. */
  public double inputFill() {
    return inputGate == null ? 0 : inputGate.maxFill();
  }

  /** How full the fullest output channel is, 0 to 1. */
  public double outputFill() {
    return outputs.maxFill();
  }

  /** The records each output edge wrote, for progress and tests. */
  public List<Long> recordsOutPerEdge() {
    return outputs.recordsOutPerEdge();
  }
}
