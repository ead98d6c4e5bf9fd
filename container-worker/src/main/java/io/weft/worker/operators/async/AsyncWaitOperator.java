package io.weft.worker.operators.async;

import io.weft.api.functions.async.AsyncFunction;
import io.weft.api.functions.async.AsyncRetryStrategy;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.state.ListState;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.worker.operators.AbstractStreamOperator;
import io.weft.worker.operators.MailboxExecutor;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Async I/O ({@code AsyncDataStream}): calls the {@link AsyncFunction} per input and keeps up to
 * {@code capacity} inputs in flight. Results arrive on any thread; they are handed to the task's
 * mailbox ({@link MailboxExecutor}) and emitted on the task's thread, in input order or as they
 * complete (never across a watermark), with the input's timestamp. A full queue makes
 * {@link #processElement} wait, running only this operator's own completions and timeouts, so the
 * task stops reading and upstream is backpressured. Timeouts cover all attempts of an input;
 * retries follow the {@link AsyncRetryStrategy}. At a checkpoint the inputs in flight go into
 * operator state ({@link InFlightRecords}) and are issued again on restore.
 */
public final class AsyncWaitOperator<IN, OUT> extends AbstractStreamOperator<IN, OUT> {
  private final AsyncFunction<IN, OUT> function;
  private final long timeoutMillis;
  private final int capacity;
  private final AsyncRetryStrategy<OUT> retryStrategy;
  private final ElementQueue queue;
  private MailboxExecutor mailbox;
  private InFlightRecords<IN> inFlight;
  private boolean closed;
  /**
   * The inputs in the order their timeouts fall due (the order they came). One timer at a time
   * serves them all, set for the oldest input still waiting; done inputs leave from the front.
   * A timer per input would keep every completed input's timer queued for the whole timeout.
   */
  private final ArrayDeque<QueueEntry.RecordEntry<IN, OUT>> byDeadline = new ArrayDeque<>();
  private boolean timerSet;

  public AsyncWaitOperator(OperatorSpec.AsyncWaitSpec<IN, OUT> spec) {
    super(spec.function());
    this.function = spec.function();
    this.timeoutMillis = spec.timeoutMillis();
    this.capacity = spec.capacity();
    this.retryStrategy = spec.retryStrategy();
    this.queue = ElementQueue.create(spec.ordered());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    mailbox = context.mailboxExecutor();
    TypeSerializer<IN> serializer = context.inputType() == null ? null
        : (TypeSerializer<IN>) context.inputType().createSerializer();
    if (serializer == null && CheckpointOptions.enabledIn(context.configuration())) {
      throw new IllegalStateException("'" + context.operatorName() + "' keeps its in-flight records in checkpoints,"
          + " but the type of its input is unknown (a lambda's result type is erased): declare it with"
          + " .returns(...) on the operator before it");
    }
    inFlight = new InFlightRecords<>(context.operatorName(), serializer);
    super.open();
    if (context.restore().isRestored()) {
      // Issued again through the normal path: a restore at a smaller capacity waits like any input.
      for (StreamRecord<IN> r : inFlight.restore(context.operatorStateBackend())) {
        processElement(r);
      }
    }
  }

  @Override
  public void processElement(StreamRecord<IN> record) throws Exception {
    waitForRoom();
    QueueEntry.RecordEntry<IN, OUT> entry = new QueueEntry.RecordEntry<>(record.getValue(), record.getTimestamp());
    queue.add(entry);
    if (timeoutMillis > 0) {
      entry.deadline = context.processingTimeService().now() + timeoutMillis;
      byDeadline.add(entry);
      setTimer();
    }
    invoke(entry);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    waitForRoom();
    queue.add(new QueueEntry.WatermarkEntry(watermark));
    emitCompleted();
  }

  @Override
  public void finish() throws Exception {
    while (!queue.isEmpty()) {
      mailbox.yieldOnce();
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    super.close();
  }

  @Override
  public void snapshotFunctionState(long checkpointId, long timestamp) throws Exception {
    super.snapshotFunctionState(checkpointId, timestamp);
    inFlight.snapshot(queue.records(), context.operatorStateBackend());
  }

  /** How many inputs and watermarks the operator holds; for tests. */
  public int inFlightCount() {
    return queue.size();
  }

  private void waitForRoom() throws InterruptedException {
    while (queue.size() >= capacity) {
      mailbox.yieldOnce();
    }
  }

  private void invoke(QueueEntry.RecordEntry<IN, OUT> entry) throws Exception {
    Attempt attempt = new Attempt(entry);
    entry.current = attempt;
    try {
      function.asyncInvoke(entry.value, attempt);
    } catch (Exception | Error e) {
      throw failure("asyncInvoke threw", e);
    }
  }

  private void setTimer() {
    while (!byDeadline.isEmpty() && byDeadline.peekFirst().isDone()) {
      byDeadline.pollFirst();
    }
    if (!timerSet && !byDeadline.isEmpty()) {
      timerSet = true;
      mailbox.scheduleAt(byDeadline.peekFirst().deadline, this::onTimer);
    }
  }

  private void onTimer() {
    timerSet = false;
    long now = context.processingTimeService().now();
    while (!byDeadline.isEmpty() && (byDeadline.peekFirst().isDone() || byDeadline.peekFirst().deadline <= now)) {
      QueueEntry.RecordEntry<IN, OUT> entry = byDeadline.pollFirst();
      if (!entry.isDone()) {
        onTimeout(entry);
      }
    }
    if (!closed) {
      setTimer();
    }
  }

  private void onTimeout(QueueEntry.RecordEntry<IN, OUT> entry) {
    if (closed || entry.isDone() || entry.timedOut) {
      return;
    }
    entry.timedOut = true;
    Attempt attempt = new Attempt(entry); // late results of earlier attempts no longer count
    entry.current = attempt;
    try {
      function.timeout(entry.value, attempt);
    } catch (Exception | Error e) {
      throw failure("timeout threw", e);
    }
  }

  /** An attempt's outcome, on the task's thread. */
  private void onOutcome(QueueEntry.RecordEntry<IN, OUT> entry, Attempt attempt, Collection<OUT> result,
      Throwable error) {
    if (closed || entry.isDone() || entry.current != attempt) {
      return; // an attempt overtaken by a timeout, or the operator ended
    }
    if (retryStrategy != null && !entry.timedOut && shouldRetry(result, error)
        && retryStrategy.canRetry(entry.attempts)) {
      entry.current = null;
      long delay = retryStrategy.getBackoffTimeMillis(entry.attempts);
      mailbox.scheduleAt(context.processingTimeService().now() + delay, () -> retry(entry));
      return;
    }
    if (error != null) {
      throw failure(error instanceof TimeoutException ? "timed out after " + timeoutMillis + " ms"
          : "the async call failed", error);
    }
    entry.complete(result == null ? List.of() : result);
    emitCompleted();
    while (!byDeadline.isEmpty() && byDeadline.peekFirst().isDone()) {
      byDeadline.pollFirst();
    }
  }

  private boolean shouldRetry(Collection<OUT> result, Throwable error) {
    if (error != null) {
      return retryStrategy.getRetryPredicate().exceptionPredicate().map(p -> p.test(error)).orElse(false);
    }
    return retryStrategy.getRetryPredicate().resultPredicate().map(p -> p.test(result)).orElse(false);
  }

  private void retry(QueueEntry.RecordEntry<IN, OUT> entry) {
    if (closed || entry.isDone() || entry.timedOut) {
      return;
    }
    entry.attempts++;
    try {
      invoke(entry);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw failure("asyncInvoke threw", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void emitCompleted() {
    queue.emitCompleted(e -> {
      try {
        if (e instanceof QueueEntry.WatermarkEntry w) {
          output.emitWatermark(w.watermark());
        } else {
          QueueEntry.RecordEntry<IN, OUT> r = (QueueEntry.RecordEntry<IN, OUT>) e;
          for (OUT value : r.result()) {
            output.collect(outRecord.replace(value, r.timestamp));
          }
        }
      } catch (RuntimeException ex) {
        throw ex;
      } catch (Exception ex) {
        throw new IllegalStateException("'" + context.operatorName() + "' could not emit a result: " + ex, ex);
      }
    });
  }

  private IllegalStateException failure(String what, Throwable cause) {
    return new AsyncOperatorException("async operator '" + context.operatorName() + "' (subtask "
        + (context.subtaskIndex() + 1) + "/" + context.parallelism() + "): " + what + ": " + cause, cause);
  }

  /** The {@link ResultFuture} of one attempt: takes one outcome, from any thread, into the mailbox. */
  private final class Attempt implements ResultFuture<OUT> {
    private final QueueEntry.RecordEntry<IN, OUT> entry;
    private final AtomicBoolean completed = new AtomicBoolean();

    Attempt(QueueEntry.RecordEntry<IN, OUT> entry) {
      this.entry = entry;
    }

    @Override
    public void complete(Collection<OUT> result) {
      if (completeOnce()) {
        mailbox.execute(() -> onOutcome(entry, this, result, null));
      }
    }

    @Override
    public void completeExceptionally(Throwable error) {
      if (completeOnce()) {
        mailbox.execute(() -> onOutcome(entry, this, null, error == null ? new NullPointerException(
            "completeExceptionally(null)") : error));
      }
    }

    private boolean completeOnce() {
      if (completed.compareAndSet(false, true)) {
        return true;
      }
      IllegalStateException twice = failure("a ResultFuture was completed twice (for input " + entry.value + ")",
          new IllegalStateException("ResultFuture completed twice"));
      mailbox.execute(() -> {
        if (!closed) {
          throw twice;
        }
      });
      return false;
    }
  }

  /** The async operator failed; the message names it and its subtask. */
  static final class AsyncOperatorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    AsyncOperatorException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
