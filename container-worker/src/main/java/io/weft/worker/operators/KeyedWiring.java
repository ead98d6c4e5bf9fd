package io.weft.worker.operators;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.DefaultNamespaceSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.timers.CurrentKeyTimers;
import io.weft.worker.timers.TimerCallback;
import io.weft.worker.timers.TimerService;

/**
 * The keyed half of the process-function operators (keyed process, keyed co-process, keyed
 * broadcast process): the keyed state backend, the timers (default namespace) and the user's view
 * of the current key's timers, what the functions' contexts say ({@link Context}: timestamp, key,
 * timers, time domain, side outputs), and the routing of a firing timer to the function's
 * {@code onTimer}. The operators have different base classes (one input, two inputs), so each owns
 * one of these rather than inheriting it.
 */
public final class KeyedWiring<K> implements TimerCallback<K> {
  /** Calls the function's onTimer; {@code outputTimestamp} is what the main output carries. */
  @FunctionalInterface
  public interface OnTimer {
    void fire(long timestamp, long outputTimestamp) throws Exception;
  }

  /** The operator's side outputs ({@code AbstractStreamOperator#emitToSide}). */
  @FunctionalInterface
  public interface SideOutput {
    <X> void emit(OutputTag<X> tag, X value, long timestamp);
  }

  private final OnTimer onTimer;
  private final SideOutput sideOutput;
  private KeyedStateBackend<K> state;
  private TimerService<K> timers;
  /** What the function sees as ctx.timerService(): the current key's timers. */
  private io.weft.api.functions.TimerService userTimers;
  private TimeDomain firingDomain;
  /**
   * What ctx.timestamp() says and side outputs carry: the element's timestamp, or, while a timer
   * fires, the timer's time in either domain (as Flink's); the main output of a processing-time
   * timer has none.
   */
  private long contextTimestamp = StreamRecord.NO_TIMESTAMP;

  public KeyedWiring(OnTimer onTimer, SideOutput sideOutput) {
    this.onTimer = onTimer;
    this.sideOutput = sideOutput;
  }

  /** Creates (and restores) the keyed state and the timers; call before the function opens. */
  public void open(OperatorContext context) {
    state = context.createKeyedStateBackend();
    // The timers all have the default namespace, which takes no bytes.
    timers = context.createTimerService(state, DefaultNamespaceSerializer.INSTANCE, this);
    userTimers = new CurrentKeyTimers<>(state, timers);
  }

  public KeyedStateBackend<K> state() {
    return state;
  }

  public TimerService<K> timers() {
    return timers;
  }

  /** Before a keyed element goes to the function: its key becomes current, no timer is firing. */
  public void enterElement(K key, long timestamp) throws Exception {
    state.setCurrentKey(key);
    contextTimestamp = timestamp;
    firingDomain = null;
  }

  /** Before an element without a key (the broadcast side) goes to the function. */
  public void enterUnkeyedElement(long timestamp) {
    contextTimestamp = timestamp;
  }

  /** What ctx.timestamp() says: null when there is none. */
  private Long timestampOrNull() {
    return contextTimestamp == StreamRecord.NO_TIMESTAMP ? null : contextTimestamp;
  }

  private K currentKey() {
    return state.getCurrentKey();
  }

  private TimeDomain timeDomain() {
    if (firingDomain == null) {
      throw new IllegalStateException("timeDomain() is only known while a timer fires");
    }
    return firingDomain;
  }

  /** Fires the event-time timers up to {@code watermark}; the caller forwards the watermark after. */
  public void advanceWatermark(long watermark) throws Exception {
    timers.advanceWatermark(watermark);
  }

  @Override
  public void onEventTime(K key, Object namespace, long timestamp) throws Exception {
    fire(timestamp, TimeDomain.EVENT_TIME);
  }

  @Override
  public void onProcessingTime(K key, Object namespace, long timestamp) throws Exception {
    fire(timestamp, TimeDomain.PROCESSING_TIME);
  }

  private void fire(long timestamp, TimeDomain domain) throws Exception {
    contextTimestamp = timestamp;
    firingDomain = domain;
    // Output of an event-time timer carries the timer's time; processing time has no event time.
    onTimer.fire(timestamp, domain == TimeDomain.EVENT_TIME ? timestamp : StreamRecord.NO_TIMESTAMP);
  }

  /**
   * An operator that owns one of these; its keyed state and timers are what tests reach through
   * the operator harness ({@code keyedState()}, {@code timers()}).
   */
  public interface Owner<K> {
    KeyedWiring<K> keyedWiring();

    default KeyedStateBackend<K> keyedState() {
      return keyedWiring().state();
    }

    default TimerService<K> timers() {
      return keyedWiring().timers();
    }
  }

  /**
   * The methods the functions' contexts have in common (their interfaces are separate, as in the
   * API): each operator's context extends this and implements its function's interface.
   */
  public static class Context<K> {
    private final KeyedWiring<K> keyed;

    protected Context(KeyedWiring<K> keyed) {
      this.keyed = keyed;
    }

    /** The element's timestamp, or while a timer fires its time (processing time too, as in Flink). */
    public Long timestamp() {
      return keyed.timestampOrNull();
    }

    public <X> void output(OutputTag<X> tag, X value) {
      keyed.sideOutput.emit(tag, value, keyed.contextTimestamp);
    }

    public io.weft.api.functions.TimerService timerService() {
      return keyed.userTimers;
    }

    public K getCurrentKey() {
      return keyed.currentKey();
    }

    public TimeDomain timeDomain() {
      return keyed.timeDomain();
    }

    public long currentProcessingTime() {
      return keyed.timers.currentProcessingTime();
    }

    public long currentWatermark() {
      return keyed.timers.currentWatermark();
    }
  }
}
