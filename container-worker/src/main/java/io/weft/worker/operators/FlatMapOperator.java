package io.weft.worker.operators;

import io.weft.api.functions.Collector;
import io.weft.api.functions.FlatMapFunction;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link FlatMapFunction}; every element it emits keeps the input's timestamp. */
public final class FlatMapOperator<I, O> extends AbstractStreamOperator<I, O> {
  private final FlatMapFunction<I, O> function;
  private final TimestampedCollector<O> collector = new TimestampedCollector<>(this);

  public FlatMapOperator(FlatMapFunction<I, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement(StreamRecord<I> record) throws Exception {
    collector.timestamp = record.getTimestamp();
    function.flatMap(record.getValue(), collector);
  }

  /** A collector that emits with the current element's timestamp. */
  static final class TimestampedCollector<O> implements Collector<O> {
    private final AbstractStreamOperator<?, O> operator;
    long timestamp = StreamRecord.NO_TIMESTAMP;

    TimestampedCollector(AbstractStreamOperator<?, O> operator) {
      this.operator = operator;
    }

    @Override
    public void collect(O value) {
      operator.emitUnchecked(value, timestamp);
    }
  }
}
