package io.weft.connectors.files.bucket;

import java.io.Serializable;

/**
 * Picks the bucket (a directory relative to the sink's base path, e.g. {@code dt=2026-12-06/hour=13})
 * an element goes to (Flink's {@code BucketAssigner}).
 */
@FunctionalInterface
public interface BucketAssigner<T> extends Serializable {
  String getBucketId(T element, Context context);

  /** What an assigner may look at besides the element. */
  interface Context {
    long currentProcessingTime();

    /** The sink's current event time. */
    long currentWatermark();

    /** The element's event time, null if it has none. */
    Long timestamp();
  }
}
