package io.weft.api.functions.co;

import io.weft.api.functions.Collector;

/**
 * Connects a non-keyed stream with a broadcast stream: every subtask sees every broadcast element
 * and may change the broadcast state there; elements of the other stream may only read it.
 */
public abstract class BroadcastProcessFunction<I1, I2, O> extends BaseBroadcastProcessFunction {

  public abstract void processElement(I1 value, ReadOnlyContext ctx, Collector<O> out) throws Exception;

  public abstract void processBroadcastElement(I2 value, Context ctx, Collector<O> out) throws Exception;
}
