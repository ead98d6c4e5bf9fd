package io.weft.worker.operators;

import io.weft.api.functions.KeySelector;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.core.plan.RuntimeMode;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.HashMap;
import java.util.Map;

/**
 * Reduces the elements of each key. STREAMING keeps the value in keyed state and emits every
 * update; BATCH keeps a plain map (no checkpoints in batch) and emits one final value per key
 * when the input ends.
 */
public final class KeyedReduceOperator<K, T> extends AbstractStreamOperator<T, T> {
  /** The name of the state holding each key's reduced value (stable: checkpoints refer to it). */
  public static final String STATE_NAME = "_reduce";
  private final KeySelector<T, K> keySelector;
  private final ReduceFunction<T> function;
  private KeyedStateBackend<K> state;
  private ValueState<T> current;
  private Map<K, T> batchValues;

  public KeyedReduceOperator(KeySelector<T, K> keySelector, ReduceFunction<T> function) {
    super(function);
    this.keySelector = keySelector;
    this.function = function;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    if (context.runtimeMode() == RuntimeMode.BATCH) {
      batchValues = new HashMap<>();
    } else {
      state = context.createKeyedStateBackend();
      TypeInfo<T> type = (TypeInfo<T>) context.inputType();
      current = state.getValueState(type != null ? new ValueStateDescriptor<>(STATE_NAME, type)
          : new ValueStateDescriptor<>(STATE_NAME, (Class<T>) (Class<?>) Object.class));
    }
    super.open();
  }

  /** The keyed state (STREAMING mode; null in BATCH mode), for tests through the operator harness. */
  public KeyedStateBackend<K> keyedState() {
    return state;
  }

  @Override
  public void processElement(StreamRecord<T> record) throws Exception {
    T value = record.getValue();
    K key = keySelector.getKey(value);
    if (batchValues != null) {
      T acc = batchValues.get(key);
      batchValues.put(key, acc == null ? value : function.reduce(acc, value));
      return;
    }
    state.setCurrentKey(key);
    T acc = current.value();
    T reduced = acc == null ? value : function.reduce(acc, value);
    current.update(reduced);
    emit(reduced, record.getTimestamp());
  }

  @Override
  public void finish() throws Exception {
    if (batchValues != null) {
      for (T value : batchValues.values()) {
        emit(value, StreamRecord.NO_TIMESTAMP);
      }
      batchValues = null;
    }
  }
}
