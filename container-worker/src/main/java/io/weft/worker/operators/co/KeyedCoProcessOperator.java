package io.weft.worker.operators.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.TimerService;
import io.weft.worker.timers.CurrentKeyTimers;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.DefaultNamespaceSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.operators.TaskRuntimeContext;
import io.weft.worker.timers.TimerCallback;

/**
 * Runs a {@link KeyedCoProcessFunction}: each element sets the current key by its input's key
 * selector, so both inputs share the key's state and timers. State and timers are checkpointed
 * and rescaled by key group like those of any keyed operator.
 */
public final class KeyedCoProcessOperator<K, I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O>
    implements TimerCallback<K> {
  private final KeySelector<I1, K> keySelector1;
  private final KeySelector<I2, K> keySelector2;
  private final KeyedCoProcessFunction<K, I1, I2, O> function;
  private final Context ctx = new Context();
  private KeyedStateBackend<K> state;
  private io.weft.worker.timers.TimerService<K> timers;
  /** What the function sees as ctx.timerService(): the current key's timers. */
  private TimerService userTimers;
  private TimeDomain firingDomain;
  /**
   * The element's timestamp, or a firing timer's (processing time too, as in Flink): what
   * timestamp() says and side outputs carry.
   */
  private long sideOutputTimestamp = StreamRecord.NO_TIMESTAMP;

  public KeyedCoProcessOperator(KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
      KeyedCoProcessFunction<K, I1, I2, O> function) {
    super(function);
    this.keySelector1 = keySelector1;
    this.keySelector2 = keySelector2;
    this.function = function;
  }

  @Override
  public void open() throws Exception {
    state = context.createKeyedStateBackend();
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
  public void processElement1(StreamRecord<I1> record) throws Exception {
    state.setCurrentKey(keySelector1.getKey(record.getValue()));
    collector.setTimestamp(record.getTimestamp());
    sideOutputTimestamp = record.getTimestamp();
    firingDomain = null;
    function.processElement1(record.getValue(), ctx, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    state.setCurrentKey(keySelector2.getKey(record.getValue()));
    collector.setTimestamp(record.getTimestamp());
    sideOutputTimestamp = record.getTimestamp();
    firingDomain = null;
    function.processElement2(record.getValue(), ctx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    timers.advanceWatermark(watermark);
    super.processWatermark(watermark);
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
    // An event-time timer's output carries the timer's time; processing time has no event time.
    collector.setTimestamp(domain == TimeDomain.EVENT_TIME ? timestamp : StreamRecord.NO_TIMESTAMP);
    sideOutputTimestamp = timestamp;
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

  private final class Context implements KeyedCoProcessFunction.OnTimerContext<K> {
    /** The element's timestamp, or while a timer fires its time (processing time too, as in Flink). */
    @Override
    public Long timestamp() {
      return sideOutputTimestamp == StreamRecord.NO_TIMESTAMP ? null : sideOutputTimestamp;
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
    public TimeDomain timeDomain() {
      if (firingDomain == null) {
        throw new IllegalStateException("timeDomain() is only known while a timer fires");
      }
      return firingDomain;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, sideOutputTimestamp);
    }
  }
}
