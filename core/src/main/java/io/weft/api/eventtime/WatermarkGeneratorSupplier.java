package io.weft.api.eventtime;

import java.io.Serializable;

/**
 * Creates the {@link WatermarkGenerator} of one parallel subtask. Serializable because it travels
 * in the plan; the generator it creates does not, so it may keep any per-subtask state.
 */
@FunctionalInterface
public interface WatermarkGeneratorSupplier<T> extends Serializable {

  WatermarkGenerator<T> createWatermarkGenerator(Context context);

  /** What the runtime offers a generator. */
  interface Context {
    /**
     * The task's processing-time clock, in epoch milliseconds. Generators measure idleness with
     * it (not System.currentTimeMillis()) so that tests can move time by hand.
     */
    long currentProcessingTime();
  }
}
