package io.weft.worker.operators.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.TimerService;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.dataplane.element.StreamRecord;

/**
 * Runs a {@link CoProcessFunction} on non-keyed inputs: timestamps, side outputs, the clocks; no
 * state and no timers (those need keyed inputs, as in Flink).
 */
public final class CoProcessOperator<I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O> {
  private final CoProcessFunction<I1, I2, O> function;
  private final Context ctx = new Context();

  public CoProcessOperator(CoProcessFunction<I1, I2, O> function) {
    super(function);
    this.function = function;
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.processElement1(record.getValue(), ctx, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.processElement2(record.getValue(), ctx, collector);
  }

  private final class Context implements CoProcessFunction.Context, TimerService {
    @Override
    public Long timestamp() {
      return timestampOrNull();
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
      return currentWatermark;
    }

    private UnsupportedOperationException noTimers() {
      return new UnsupportedOperationException("'" + context.operatorName() + "': setting timers is only "
          + "supported on keyed streams; key both inputs with keyBy(key1, key2)");
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
