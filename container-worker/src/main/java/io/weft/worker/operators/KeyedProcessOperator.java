package io.weft.worker.operators;

import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link KeyedProcessFunction}: per-key state and timers, side outputs. */
public final class KeyedProcessOperator<K, I, O> extends AbstractStreamOperator<I, O>
    implements KeyedWiring.Owner<K> {
  private final KeySelector<I, K> keySelector;
  private final KeyedProcessFunction<K, I, O> function;
  private final FlatMapOperator.TimestampedCollector<O> collector = new FlatMapOperator.TimestampedCollector<>(this);
  private final KeyedWiring<K> keyed = new KeyedWiring<>(this::onTimer, this::emitToSide);
  private final Context ctx = new Context();

  public KeyedProcessOperator(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function) {
    super(function);
    this.keySelector = keySelector;
    this.function = function;
  }

  @Override
  public void open() throws Exception {
    keyed.open(context);
    super.open();
  }

  @Override
  public KeyedWiring<K> keyedWiring() {
    return keyed;
  }

  @Override
  public void processElement(StreamRecord<I> record) throws Exception {
    keyed.enterElement(keySelector.getKey(record.getValue()), record.getTimestamp());
    collector.timestamp = record.getTimestamp();
    function.processElement(record.getValue(), ctx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    keyed.advanceWatermark(watermark);
    output.emitWatermark(watermark);
  }

  private void onTimer(long timestamp, long outputTimestamp) throws Exception {
    collector.timestamp = outputTimestamp;
    function.onTimer(timestamp, ctx, collector);
  }

  private final class Context extends KeyedWiring.Context<K> implements KeyedProcessFunction.OnTimerContext<K> {
    Context() {
      super(keyed);
    }
  }
}
