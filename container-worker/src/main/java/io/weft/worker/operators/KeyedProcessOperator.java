package io.weft.worker.operators;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.TimerService;
import io.weft.worker.timers.CurrentKeyTimers;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.DefaultNamespaceSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.timers.TimerCallback;

/** Runs a {@link KeyedProcessFunction}: per-key state and timers, side outputs. */
public final class KeyedProcessOperator<K, I, O> extends AbstractStreamOperator<I, O> implements TimerCallback<K> {
  private final KeySelector<I, K> keySelector;
  private final KeyedProcessFunction<K, I, O> function;
  private final FlatMapOperator.TimestampedCollector<O> collector = new FlatMapOperator.TimestampedCollector<>(this);
  private final Context ctx = new Context();
  private KeyedStateBackend<K> state;
  private io.weft.worker.timers.TimerService<K> timers;
  /** What the function sees as ctx.timerService(): the current key's timers. */
  private TimerService userTimers;
  private KeyedProcessFunction.TimeDomain firingDomain;
  /**
   * What ctx.timestamp() says and side outputs carry: the element's timestamp, or, while a timer
   * fires, the timer's time in either domain (as Flink's); the main output of a processing-time
   * timer has none.
   */
  private long contextTimestamp = StreamRecord.NO_TIMESTAMP;

  public KeyedProcessOperator(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function) {
    super(function);
    this.keySelector = keySelector;
    this.function = function;
  }

  @Override
  public void open() throws Exception {
    state = context.createKeyedStateBackend();
    // Its timers all have the default namespace, which takes no bytes.
    timers = context.createTimerService(state, DefaultNamespaceSerializer.INSTANCE, this);
    userTimers = new CurrentKeyTimers<>(state, timers);
    super.open();
  }

  @Override
  protected TaskRuntimeContext createRuntimeContext() {
    return new TaskRuntimeContext(context, state);
  }

  /** The keyed state, for tests through the operator harness. */
  public KeyedStateBackend<K> keyedState() {
    return state;
  }

  public io.weft.worker.timers.TimerService<K> timers() {
    return timers;
  }

  @Override
  public void processElement(StreamRecord<I> record) throws Exception {
    state.setCurrentKey(keySelector.getKey(record.getValue()));
    collector.timestamp = record.getTimestamp();
    contextTimestamp = record.getTimestamp();
    firingDomain = null;
    function.processElement(record.getValue(), ctx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    timers.advanceWatermark(watermark);
    output.emitWatermark(watermark);
  }

  @Override
  public void onEventTime(K key, Object namespace, long timestamp) throws Exception {
    fire(timestamp, KeyedProcessFunction.TimeDomain.EVENT_TIME);
  }

  @Override
  public void onProcessingTime(K key, Object namespace, long timestamp) throws Exception {
    fire(timestamp, KeyedProcessFunction.TimeDomain.PROCESSING_TIME);
  }

  private void fire(long timestamp, KeyedProcessFunction.TimeDomain domain) throws Exception {
    // Output of an event-time timer carries the timer's time; processing time has no event time.
    collector.timestamp = domain == KeyedProcessFunction.TimeDomain.EVENT_TIME ? timestamp : StreamRecord.NO_TIMESTAMP;
    contextTimestamp = timestamp;
    firingDomain = domain;
    function.onTimer(timestamp, ctx, collector);
  }

  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      if (state != null) {
        state.close();
      }
    }
  }

  private final class Context implements KeyedProcessFunction.OnTimerContext<K> {
    @Override
    public Long timestamp() {
      return contextTimestamp == StreamRecord.NO_TIMESTAMP ? null : contextTimestamp;
    }

    @Override
    public TimerService timerService() {
      return userTimers;
    }

    @Override
    public K getCurrentKey() {
      return state.getCurrentKey();
    }

    @Override
    public KeyedProcessFunction.TimeDomain timeDomain() {
      if (firingDomain == null) {
        throw new IllegalStateException("timeDomain() is only known while a timer fires");
      }
      return firingDomain;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, contextTimestamp);
    }
  }
}
