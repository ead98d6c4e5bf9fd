package io.weft.worker.operators.co;

import io.weft.api.functions.co.CoFlatMapFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link CoFlatMapFunction}; every output keeps its input element's timestamp. */
public final class CoFlatMapOperator<I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O> {
  private final CoFlatMapFunction<I1, I2, O> function;

  public CoFlatMapOperator(CoFlatMapFunction<I1, I2, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.flatMap1(record.getValue(), collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.flatMap2(record.getValue(), collector);
  }
}
