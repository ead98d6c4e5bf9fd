package io.weft.worker.operators.co;

import io.weft.api.functions.co.CoMapFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link CoMapFunction}; each output keeps its input element's timestamp. */
public final class CoMapOperator<I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O> {
  private final CoMapFunction<I1, I2, O> function;

  public CoMapOperator(CoMapFunction<I1, I2, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    emit(function.map1(record.getValue()), record.getTimestamp());
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    emit(function.map2(record.getValue()), record.getTimestamp());
  }
}
