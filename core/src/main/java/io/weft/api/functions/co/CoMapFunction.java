package io.weft.api.functions.co;

import io.weft.api.functions.Function;

/**
 * Maps the elements of two connected streams into one output type: each element of the first
 * input goes through {@link #map1}, each of the second through {@link #map2}. Which input's
 * element comes next is not defined.
 */
public interface CoMapFunction<I1, I2, O> extends Function {
  O map1(I1 value) throws Exception;

  O map2(I2 value) throws Exception;
}
