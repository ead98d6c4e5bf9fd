package io.weft.worker.operators;

import io.weft.api.eventtime.TimestampAssigner;
import io.weft.api.eventtime.WatermarkGenerator;
import io.weft.api.eventtime.WatermarkGeneratorSupplier;
import io.weft.api.eventtime.WatermarkOutput;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.RuntimeMode;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.worker.task.OperatorException;

/**
 * Runs a {@link WatermarkStrategy}: stamps each element with its timestamp, feeds the watermark
 * generator, and asks it for periodic watermarks every {@code pipeline.auto-watermark-interval}
 * through the task's clock, so generators run on the task's thread only.
 *
 * <p>As in Flink, this operator is where event time starts: watermarks and idleness from upstream
 * are dropped, except the final Long.MAX_VALUE watermark of a bounded input, which passes.
 * Watermarks it emits only ever increase. In BATCH mode only that final watermark is emitted, so
 * no element is ever late.
 */
public final class TimestampsAndWatermarksOperator<T> extends AbstractStreamOperator<T, T> implements WatermarkOutput {
  private final WatermarkStrategy<T> strategy;
  private TimestampAssigner<T> timestampAssigner;
  private WatermarkGenerator<T> generator;
  private long interval;
  private boolean emitProgress;
  private long lastWatermark = Long.MIN_VALUE;
  private boolean idle;
  private boolean stopped;

  public TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
    super(null);
    this.strategy = strategy;
  }

  @Override
  public void open() throws Exception {
    super.open();
    timestampAssigner = strategy.createTimestampAssigner();
    WatermarkGeneratorSupplier.Context clock = () -> context.processingTimeService().now();
    generator = strategy.createWatermarkGenerator(clock);
    emitProgress = context.runtimeMode() != RuntimeMode.BATCH;
    interval = context.configuration().get(CoreOptions.AUTO_WATERMARK_INTERVAL).toMillis();
    if (emitProgress && interval > 0) {
      scheduleNextPeriodicEmit();
    }
  }

  private void scheduleNextPeriodicEmit() {
    context.processingTimeService().scheduleAt(context.processingTimeService().now() + interval, this::periodicEmit);
  }

  private void periodicEmit() {
    if (stopped) {
      return;
    }
    try {
      generator.onPeriodicEmit(this);
    } catch (RuntimeException e) {
      throw new OperatorException(context.operatorName(), e);
    }
    scheduleNextPeriodicEmit();
  }

  @Override
  public void processElement(StreamRecord<T> record) throws Exception {
    T value = record.getValue();
    long timestamp = timestampAssigner.extractTimestamp(value, record.getTimestamp());
    // A reused output record: the input record may be shared with other operators of the chain.
    emit(value, timestamp);
    generator.onEvent(value, timestamp, this);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    if (watermark == Long.MAX_VALUE && lastWatermark != Long.MAX_VALUE) {
      stopped = true;
      forward(Long.MAX_VALUE);
    }
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) {
    // Upstream idleness says nothing about this operator's own watermarks.
  }

  @Override
  public void finish() throws Exception {
    stopped = true;
  }

  @Override
  public void close() throws Exception {
    stopped = true;
    super.close();
  }

  // ---- WatermarkOutput, for the generator ----

  @Override
  public void emitWatermark(long timestamp) {
    if (emitProgress && timestamp > lastWatermark) {
      try {
        forward(timestamp);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new EmitFailedException(e);
      }
    }
  }

  private void forward(long timestamp) throws Exception {
    lastWatermark = timestamp;
    if (idle) {
      idle = false;
      output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
    }
    output.emitWatermark(timestamp);
  }

  @Override
  public void markIdle() {
    if (!idle && emitProgress) {
      idle = true;
      emitStatus(WatermarkStatus.IDLE);
    }
  }

  @Override
  public void markActive() {
    if (idle) {
      idle = false;
      emitStatus(WatermarkStatus.ACTIVE);
    }
  }

  private void emitStatus(WatermarkStatus status) {
    try {
      output.emitWatermarkStatus(status);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new EmitFailedException(e);
    }
  }
}
