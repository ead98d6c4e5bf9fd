package io.weft.worker.operators.co;

import io.weft.api.functions.KeySelector;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.dataplane.element.StreamRecord;
import io.weft.worker.operators.KeyedWiring;

/**
 * Runs a {@link KeyedCoProcessFunction}: each element sets the current key by its input's key
 * selector, so both inputs share the key's state and timers. State and timers are checkpointed
 * and rescaled by key group like those of any keyed operator.
 */
public final class KeyedCoProcessOperator<K, I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O>
    implements KeyedWiring.Owner<K> {
  private final KeySelector<I1, K> keySelector1;
  private final KeySelector<I2, K> keySelector2;
  private final KeyedCoProcessFunction<K, I1, I2, O> function;
  private final KeyedWiring<K> keyed = new KeyedWiring<>(this::onTimer, this::emitToSide);
  private final Context ctx = new Context();

  public KeyedCoProcessOperator(KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
      KeyedCoProcessFunction<K, I1, I2, O> function) {
    super(function);
    this.keySelector1 = keySelector1;
    this.keySelector2 = keySelector2;
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
  public void processElement1(StreamRecord<I1> record) throws Exception {
    keyed.enterElement(keySelector1.getKey(record.getValue()), record.getTimestamp());
    collector.setTimestamp(record.getTimestamp());
    function.processElement1(record.getValue(), ctx, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    keyed.enterElement(keySelector2.getKey(record.getValue()), record.getTimestamp());
    collector.setTimestamp(record.getTimestamp());
    function.processElement2(record.getValue(), ctx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    keyed.advanceWatermark(watermark);
    super.processWatermark(watermark);
  }

  private void onTimer(long timestamp, long outputTimestamp) throws Exception {
    collector.setTimestamp(outputTimestamp);
    function.onTimer(timestamp, ctx, collector);
  }

  private final class Context extends KeyedWiring.Context<K> implements KeyedCoProcessFunction.OnTimerContext<K> {
    Context() {
      super(keyed);
    }
  }
}
