package io.weft.worker.operators.co;

import io.weft.api.functions.Collector;
import io.weft.api.functions.Function;
import io.weft.dataplane.element.StreamRecord;
import io.weft.worker.operators.AbstractStreamOperator;
import io.weft.worker.operators.TwoInputStreamOperator;

/**
 * What the two-input operators share: the user function's life cycle (from {@link
 * AbstractStreamOperator}), a collector that emits with the current element's timestamp, and the
 * operator's watermark (the task already gives it the smaller of both inputs').
 */
abstract class AbstractTwoInputOperator<I1, I2, O> extends AbstractStreamOperator<Object, O>
    implements TwoInputStreamOperator<I1, I2, O> {
  protected final TimestampedCollector collector = new TimestampedCollector();
  protected long currentWatermark = Long.MIN_VALUE;

  AbstractTwoInputOperator(Function function) {
    super(function);
  }

  @Override
  public void processElement(StreamRecord<Object> record) {
    throw new IllegalStateException("a two-input operator gets its elements through processElement1/2");
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    currentWatermark = watermark;
    super.processWatermark(watermark);
  }

  /** The timestamp of what is emitted next, or {@link StreamRecord#NO_TIMESTAMP}. */
  protected final Long timestampOrNull() {
    return collector.timestamp == StreamRecord.NO_TIMESTAMP ? null : collector.timestamp;
  }

  /** Emits with the timestamp set last, as Flink's timestamped collector does. */
  protected final class TimestampedCollector implements Collector<O> {
    long timestamp = StreamRecord.NO_TIMESTAMP;

    void setTimestamp(long timestamp) {
      this.timestamp = timestamp;
    }

    @Override
    public void collect(O value) {
      emitUnchecked(value, timestamp);
    }
  }
}
