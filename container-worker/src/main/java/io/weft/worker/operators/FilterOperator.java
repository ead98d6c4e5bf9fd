package io.weft.worker.operators;

import io.weft.api.functions.FilterFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link FilterFunction}: passes on the elements it accepts, unchanged. */
public final class FilterOperator<T> extends AbstractStreamOperator<T, T> {
  private final FilterFunction<T> function;

  public FilterOperator(FilterFunction<T> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement(StreamRecord<T> record) throws Exception {
    if (function.filter(record.getValue())) {
      output.collect(record);
    }
  }
}
