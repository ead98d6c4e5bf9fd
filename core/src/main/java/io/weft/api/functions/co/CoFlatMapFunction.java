package io.weft.api.functions.co;

import io.weft.api.functions.Collector;
import io.weft.api.functions.Function;

/** Like {@link CoMapFunction}, but each element may give any number of outputs. */
public interface CoFlatMapFunction<I1, I2, O> extends Function {
  void flatMap1(I1 value, Collector<O> out) throws Exception;

  void flatMap2(I2 value, Collector<O> out) throws Exception;
}
