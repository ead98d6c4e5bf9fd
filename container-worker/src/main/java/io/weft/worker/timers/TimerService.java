package io.weft.worker.timers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The timers of one keyed operator subtask: at most one timer per (key, namespace, time) and
 * clock. Event-time timers fire as the watermark passes them; processing-time timers fire from
 * the task's clock. Both fire on the task's thread, in timestamp order.
 *
 * <p>The watermark only goes forward: after a restore ({@link #restore}) the replayed input sends
 * lower watermarks again, and going back would let elements that were late before the failure
 * into windows that already fired. Checkpoints take a copy of the timers ({@link #copyTimers});
 * {@link TimerSnapshot} writes it per key group.
 */
public final class TimerService<K> {
  /** A timer: a time on one clock for one key and namespace. */
  public record Timer<K>(long timestamp, K key, Object namespace) {}

  private final EventTimerQueue<K> eventTimers = new EventTimerQueue<>();
  private final PriorityQueue<Timer<K>> processingTimers = new PriorityQueue<>(
      (a, b) -> Long.compare(a.timestamp(), b.timestamp()));
  private final Set<Timer<K>> processingTimerSet = new HashSet<>();
  private final ProcessingTimeService clock;
  private final Consumer<K> setCurrentKey;
  private final TimerCallback<K> callback;
  private long currentWatermark = Long.MIN_VALUE;
  private long nextScheduledProcessingTime = Long.MAX_VALUE;
  /**
   * The event-time timer registered last, known to be in the set until a timer is deleted or fires:
   * a window registers the same timer for its end and its cleanup, and a trigger registers it
   * again for every element, which then costs three compares instead of a probe of the queue.
   */
  private Object lastEventKey;
  private Object lastEventNamespace;
  private long lastEventTime;

  public TimerService(ProcessingTimeService clock, Consumer<K> setCurrentKey, TimerCallback<K> callback) {
    this.clock = clock;
    this.setCurrentKey = setCurrentKey;
    this.callback = callback;
  }

  public long currentWatermark() {
    return currentWatermark;
  }

  public long currentProcessingTime() {
    return clock.now();
  }

  public void registerEventTimeTimer(K key, Object namespace, long time) {
    if (key == lastEventKey && namespace == lastEventNamespace && time == lastEventTime) {
      return;
    }
    eventTimers.add(key, namespace, time);
    lastEventKey = key;
    lastEventNamespace = namespace;
    lastEventTime = time;
  }

  public void deleteEventTimeTimer(K key, Object namespace, long time) {
    forgetLastEventTimer();
    eventTimers.delete(key, namespace, time);
  }

  private void forgetLastEventTimer() {
    lastEventKey = null;
    lastEventNamespace = null;
  }

  public void registerProcessingTimeTimer(K key, Object namespace, long time) {
    Timer<K> t = new Timer<>(time, key, namespace);
    if (processingTimerSet.add(t)) {
      processingTimers.add(t);
      if (time < nextScheduledProcessingTime) {
        nextScheduledProcessingTime = time;
        clock.scheduleAt(time, this::fireProcessingTimers);
      }
    }
  }

  public void deleteProcessingTimeTimer(K key, Object namespace, long time) {
    Timer<K> t = new Timer<>(time, key, namespace);
    if (processingTimerSet.remove(t)) {
      processingTimers.remove(t);
    }
  }

  /** Fires every event-time timer at or before {@code watermark}. */
  public void advanceWatermark(long watermark) throws Exception {
    if (watermark <= currentWatermark) {
      return;
    }
    currentWatermark = watermark;
    while (eventTimers.poll(watermark)) {
      forgetLastEventTimer();
      K key = eventTimers.polledKey();
      setCurrentKey.accept(key);
      callback.onEventTime(key, eventTimers.polledNamespace(), eventTimers.polledTime());
    }
  }

  private void fireProcessingTimers() {
    long now = clock.now();
    nextScheduledProcessingTime = Long.MAX_VALUE;
    Timer<K> t;
    try {
      while ((t = processingTimers.peek()) != null && t.timestamp() <= now) {
        processingTimers.poll();
        processingTimerSet.remove(t);
        setCurrentKey.accept(t.key());
        callback.onProcessingTime(t.key(), t.namespace(), t.timestamp());
      }
    } catch (Exception e) {
      throw new TimerFailedException(e);
    }
    if (t != null) {
      nextScheduledProcessingTime = t.timestamp();
      clock.scheduleAt(t.timestamp(), this::fireProcessingTimers);
    }
  }

  /** A copy of every timer and the watermark, for a checkpoint (task thread; timers are immutable). */
  public TimerSnapshot.Copy<K> copyTimers() {
    List<Timer<K>> event = new ArrayList<>(eventTimers.size());
    eventTimers.copyTo(event);
    return new TimerSnapshot.Copy<>(currentWatermark, event, new ArrayList<>(processingTimerSet));
  }

  /**
   * Takes back restored timers and the watermark they were taken at, before any element: due
   * processing-time timers are scheduled at once, so they fire promptly from the mailbox.
   */
  public void restore(long watermark, List<Timer<K>> event, List<Timer<K>> processing) {
    currentWatermark = Math.max(currentWatermark, watermark);
    for (Timer<K> t : event) {
      registerEventTimeTimer(t.key(), t.namespace(), t.timestamp());
    }
    for (Timer<K> t : processing) {
      registerProcessingTimeTimer(t.key(), t.namespace(), t.timestamp());
    }
  }

  public int numEventTimeTimers() {
    return eventTimers.size();
  }

  public int numProcessingTimeTimers() {
    return processingTimers.size();
  }

  /** A timer's callback threw; carries the cause to the task, which fails. */
  public static final class TimerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimerFailedException(Exception cause) {
      super("a processing-time timer failed: " + cause, cause);
    }
  }
}
