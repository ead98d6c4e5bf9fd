package io.weft.api.eventtime;

import java.time.Duration;

/**
 * Watermarks for timestamps that never decrease: the highest timestamp seen minus 1 ms, since
 * more elements with that same timestamp may still come.
 */
public class AscendingTimestampsWatermarks<T> extends BoundedOutOfOrdernessWatermarks<T> {
  public AscendingTimestampsWatermarks() {
    super(Duration.ZERO);
  }
}
