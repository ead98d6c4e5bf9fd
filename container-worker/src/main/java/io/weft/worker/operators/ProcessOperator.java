package io.weft.worker.operators;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.functions.TimerService;
import io.weft.dataplane.element.StreamRecord;

/** Runs a {@link ProcessFunction} on a non-keyed stream: no state, no timers, side outputs yes. */
public final class ProcessOperator<I, O> extends AbstractStreamOperator<I, O> {
  private final ProcessFunction<I, O> function;
  private final FlatMapOperator.TimestampedCollector<O> collector = new FlatMapOperator.TimestampedCollector<>(this);
  private final Context ctx = new Context();

  public ProcessOperator(ProcessFunction<I, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement(StreamRecord<I> record) throws Exception {
    collector.timestamp = record.getTimestamp();
    function.processElement(record.getValue(), ctx, collector);
  }

  private final class Context implements ProcessFunction.Context, TimerService {
    @Override
    public Long timestamp() {
      return collector.timestamp == StreamRecord.NO_TIMESTAMP ? null : collector.timestamp;
    }

    @Override
    public TimerService timerService() {
      return this;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, collector.timestamp);
    }

    @Override
    public long currentProcessingTime() {
      return context.processingTimeService().now();
    }

    @Override
    public long currentWatermark() {
      throw new UnsupportedOperationException("the watermark is only tracked on keyed streams; use keyBy(...).process(...)");
    }

    private UnsupportedOperationException noTimers() {
      return new UnsupportedOperationException("timers are only available on keyed streams; use keyBy(...).process(...)");
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
      throw noTimers();
    }

    @Override
    public void registerEventTimeTimer(long time) {
      throw noTimers();
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
      throw noTimers();
    }

    @Override
    public void deleteEventTimeTimer(long time) {
      throw noTimers();
    }
  }
}
