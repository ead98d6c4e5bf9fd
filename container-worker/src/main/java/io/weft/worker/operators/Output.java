package io.weft.worker.operators;

import io.weft.api.datastream.OutputTag;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;

/** Where an operator emits: the next operator in its chain, the network, or both. */
public interface Output<T> {
  void collect(StreamRecord<T> record) throws Exception;

  /** Emits to a side output; dropped when nothing reads that side output. */
  <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception;

  void emitWatermark(long watermark) throws Exception;

  /**
   * The input became idle or active again; passed on like a watermark. Outputs that lead nowhere
   * a status matters (e.g. a test's recording output) may ignore it.
   */
  default void emitWatermarkStatus(WatermarkStatus status) throws Exception {}
}
