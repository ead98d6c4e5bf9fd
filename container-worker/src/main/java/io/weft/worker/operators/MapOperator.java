package io.weft.worker.operators;

import io.weft.api.functions.MapFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link MapFunction}. */
public final class MapOperator<I, O> extends AbstractStreamOperator<I, O> {
  private final MapFunction<I, O> function;

  public MapOperator(MapFunction<I, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement(StreamRecord<I> record) throws Exception {
    emit(function.map(record.getValue()), record.getTimestamp());
  }
}
