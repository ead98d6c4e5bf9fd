package io.weft.worker.operators.co;

import io.weft.api.functions.KeySelector;
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
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.operators.KeyedWiring;

/**
 * Runs a {@link KeyedBroadcastProcessFunction}: input 1 is keyed (keyed state, timers, read-only
 * broadcast state), input 2 is broadcast to every subtask and changes the broadcast state; it may
 * visit the keyed state of every key of this subtask. Keyed state and timers rescale by key group,
 * the broadcast state by copying.
 */
public final class KeyedBroadcastProcessOperator<K, I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O>
    implements KeyedWiring.Owner<K> {
  private final KeyedBroadcastProcessSpec<K, I1, I2, O> spec;
  private final KeySelector<I1, K> keySelector;
  private final KeyedBroadcastProcessFunction<K, I1, I2, O> function;
  private final KeyedWiring<K> keyed = new KeyedWiring<>(this::onTimer, this::emitToSide);
  private final KeyedSide keyedCtx = new KeyedSide();
  private final BroadcastSide broadcastCtx = new BroadcastSide();
  private BroadcastStates states;

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
    keyed.open(context);
    super.open();
  }

  @Override
  public KeyedWiring<K> keyedWiring() {
    return keyed;
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    keyed.enterElement(keySelector.getKey(record.getValue()), record.getTimestamp());
    collector.setTimestamp(record.getTimestamp());
    function.processElement(record.getValue(), keyedCtx, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    keyed.enterUnkeyedElement(record.getTimestamp());
    collector.setTimestamp(record.getTimestamp());
    function.processBroadcastElement(record.getValue(), broadcastCtx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    keyed.advanceWatermark(watermark);
    super.processWatermark(watermark);
  }

  private void onTimer(long timestamp, long outputTimestamp) throws Exception {
    collector.setTimestamp(outputTimestamp);
    function.onTimer(timestamp, keyedCtx, collector);
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws Exception {
    return states.snapshot();
  }

  /** The state {@code descriptor} describes, of the current key, by the descriptor's kind. */
  @SuppressWarnings("unchecked")
  private <S extends State> S stateOf(StateDescriptor<?> descriptor) {
    KeyedStateBackend<K> state = keyed.state();
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

  /** Both sides' contexts: timestamp, side outputs, time (and, used by the keyed side only, key and timers). */
  private abstract class Common extends KeyedWiring.Context<K> {
    Common() {
      super(keyed);
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
      KeyedStateBackend<K> state = keyed.state();
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
  }
}
