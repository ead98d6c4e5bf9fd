package io.weft.api.functions;

import io.weft.api.datastream.OutputTag;

/** The lowest-level per-element function of a (non-keyed) stream: elements, timestamps, side outputs. */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

  public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

  /** What a process function sees besides the element. */
  public interface Context {
    /** The element's timestamp, or null if it has none. */
    Long timestamp();

    TimerService timerService();

    <X> void output(OutputTag<X> tag, X value);
  }
}
