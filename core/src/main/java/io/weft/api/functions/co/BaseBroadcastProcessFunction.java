package io.weft.api.functions.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.state.BroadcastState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReadOnlyBroadcastState;

/** What both broadcast process functions share: the contexts through which they see broadcast state. */
public abstract class BaseBroadcastProcessFunction extends AbstractRichFunction {

  /** What both sides see. */
  public interface BaseContext {
    /** The element's timestamp, or null if it has none. */
    Long timestamp();

    <X> void output(OutputTag<X> tag, X value);

    long currentProcessingTime();

    /** The operator's watermark: the smaller of both inputs'. */
    long currentWatermark();
  }

  /** On the broadcast side: the broadcast state may be changed. */
  public interface Context extends BaseContext {
    /** The broadcast state of {@code descriptor}, which must be one given to {@code broadcast(...)}. */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) throws Exception;
  }

  /** On the non-broadcast side: the broadcast state is read-only. */
  public interface ReadOnlyContext extends BaseContext {
    <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) throws Exception;
  }
}
