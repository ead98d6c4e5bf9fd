package io.weft.worker.operators;

import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;

/**
 * A running operator. The task calls every method on its own thread: open before the first
 * element, finish once the input has ended, close always (also after failure or cancellation).
 */
public interface StreamOperator<IN, OUT> {
  void setup(OperatorContext context, Output<OUT> output);

  void open() throws Exception;

  void processElement(StreamRecord<IN> record) throws Exception;

  /** Event time advanced; an operator fires what became due and passes the watermark on. */
  void processWatermark(long watermark) throws Exception;

  /** The input became idle or active again; operators pass it on (AbstractStreamOperator does). */
  default void processWatermarkStatus(WatermarkStatus status) throws Exception {}

  /** The input has ended: emit whatever is still buffered. */
  void finish() throws Exception;

  void close() throws Exception;
}
