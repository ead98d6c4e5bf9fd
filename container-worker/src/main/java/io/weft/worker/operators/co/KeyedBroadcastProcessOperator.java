package io.weft.worker.operators.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.TimerService;
import io.weft.worker.timers.CurrentKeyTimers;
import io.weft.api.functions.co.KeyedBroadcastProcessFunction;
import io.weft.api.state.AggregatingStateDescriptor;
import io.weft.api.state.BroadcastState;
import io.weft.api.state.KeyedStateFunction;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReadOnlyBroadcastState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.State;
import io.weft.api.state.StateDescriptor;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.plan.TwoInputSpecs.KeyedBroadcastProcessSpec;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.DefaultNamespaceSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.operators.TaskRuntimeContext;
import io.weft.worker.timers.TimerCallback;

/**
 * Runs a {@link KeyedBroadcastProcessFunction}: input 1 is keyed (keyed state, timers, read-only
 * broadcast state), input 2 is broadcast to every subtask and changes the broadcast state; it may
 * visit the keyed state of every key of this subtask. Keyed state and timers rescale by key group,
 * the broadcast state by copying.
 */
public final class KeyedBroadcastProcessOperator<K, I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O>
    implements TimerCallback<K> {
  private final KeyedBroadcastProcessSpec<K, I1, I2, O> spec;
  private final KeySelector<I1, K> keySelector;
  private final KeyedBroadcastProcessFunction<K, I1, I2, O> function;
  private final KeyedSide keyedCtx = new KeyedSide();
  private final BroadcastSide broadcastCtx = new BroadcastSide();
  private BroadcastStates states;
  private KeyedStateBackend<K> state;
  private io.weft.worker.timers.TimerService<K> timers;
  /** What the function sees as ctx.timerService(): the current key's timers. */
  private TimerService userTimers;
  private TimeDomain firingDomain;
  private long sideOutputTimestamp = StreamRecord.NO_TIMESTAMP;

  public KeyedBroadcastProcessOperator(KeyedBroadcastProcessSpec<K, I1, I2, O> spec) {
    super(spec.function());
    this.spec = spec;
    this.keySelector = spec.keySelector();
    this.function = spec.function();
  }

  @Override
  public void open() throws Exception {
    states = new BroadcastStates(context.operatorName(), spec.descriptors());
    states.restore(context.restore());
    state = context.createKeyedStateBackend();
    timers = context.createTimerService(state, DefaultNamespaceSerializer.INSTANCE, this);
    userTimers = new CurrentKeyTimers<>(state, timers);
    super.open();
  }

  @Override
  protected TaskRuntimeContext createRuntimeContext() {
    return new TaskRuntimeContext(context, state);
  }

  public KeyedStateBackend<K> keyedState() {
    return state;
  }

  public io.weft.worker.timers.TimerService<K> timers() {
    return timers;
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    state.setCurrentKey(keySelector.getKey(record.getValue()));
    collector.setTimestamp(record.getTimestamp());
    sideOutputTimestamp = record.getTimestamp();
    firingDomain = null;
    function.processElement(record.getValue(), keyedCtx, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    sideOutputTimestamp = record.getTimestamp();
    function.processBroadcastElement(record.getValue(), broadcastCtx, collector);
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
    collector.setTimestamp(domain == TimeDomain.EVENT_TIME ? timestamp : StreamRecord.NO_TIMESTAMP);
    sideOutputTimestamp = timestamp;
    firingDomain = domain;
    function.onTimer(timestamp, keyedCtx, collector);
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws Exception {
    return states.snapshot();
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

  /** The state {@code descriptor} describes, of the current key, by the descriptor's kind. */
  @SuppressWarnings("unchecked")
  private <S extends State> S stateOf(StateDescriptor<?> descriptor) {
    if (descriptor instanceof ValueStateDescriptor<?> d) {
      return (S) state.getValueState(d);
    } else if (descriptor instanceof ListStateDescriptor<?> d) {
      return (S) state.getListState(d);
    } else if (descriptor instanceof MapStateDescriptor<?, ?> d) {
      return (S) state.getMapState(d);
    } else if (descriptor instanceof ReducingStateDescriptor<?> d) {
      return (S) state.getReducingState(d);
    } else if (descriptor instanceof AggregatingStateDescriptor<?, ?, ?> d) {
      return (S) state.getAggregatingState(d);
    }
    throw new IllegalArgumentException("unknown kind of state descriptor: " + descriptor);
  }

  private abstract class Common {
    /** The element's timestamp, or while a timer fires its time (processing time too, as in Flink). */
    public Long timestamp() {
      return sideOutputTimestamp == StreamRecord.NO_TIMESTAMP ? null : sideOutputTimestamp;
    }

    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, sideOutputTimestamp);
    }

    public long currentProcessingTime() {
      return timers.currentProcessingTime();
    }

    public long currentWatermark() {
      return timers.currentWatermark();
    }
  }

  private final class BroadcastSide extends Common implements KeyedBroadcastProcessFunction.KeyedContext<K> {
    @Override
    public <KK, V> BroadcastState<KK, V> getBroadcastState(MapStateDescriptor<KK, V> descriptor) {
      return states.get(descriptor);
    }

    @Override
    public <S extends State> void applyToKeyedState(StateDescriptor<?> descriptor, KeyedStateFunction<K, S> f)
        throws Exception {
      K previous = state.getCurrentKey();
      try {
        for (K key : state.keys(descriptor.getName())) {
          state.setCurrentKey(key);
          f.process(key, stateOf(descriptor));
        }
      } finally {
        if (previous != null) {
          state.setCurrentKey(previous);
        }
      }
    }
  }

  private final class KeyedSide extends Common implements KeyedBroadcastProcessFunction.OnTimerContext<K> {
    @Override
    public <KK, V> ReadOnlyBroadcastState<KK, V> getBroadcastState(MapStateDescriptor<KK, V> descriptor) {
      return states.readOnly(descriptor);
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
  }
}
