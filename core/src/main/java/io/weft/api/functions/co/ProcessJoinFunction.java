package io.weft.api.functions.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;

/**
 * Gets each pair of an interval join: a left and a right element of the same key whose
 * timestamps are within the join's bounds. What it emits carries the larger of both timestamps.
 */
public abstract class ProcessJoinFunction<L, R, O> extends AbstractRichFunction {

  public abstract void processElement(L left, R right, Context ctx, Collector<O> out) throws Exception;

  /** The pair's timestamps, and side outputs. */
  public interface Context {
    long getLeftTimestamp();

    long getRightTimestamp();

    /** The timestamp of what the function emits: the larger of both. */
    long getTimestamp();

    <X> void output(OutputTag<X> tag, X value);
  }
}
