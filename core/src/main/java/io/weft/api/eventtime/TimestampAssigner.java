package io.weft.api.eventtime;

import io.weft.api.functions.Function;

/**
 * Gives each element its event-time timestamp, in milliseconds. Serializable (a {@link Function})
 * so that a lambda can be passed straight to {@link WatermarkStrategy#withTimestampAssigner}.
 */
@FunctionalInterface
public interface TimestampAssigner<T> extends Function {
  /** The timestamp of an element that has none, as {@code recordTimestamp} shows it. */
  long NO_TIMESTAMP = Long.MIN_VALUE;

  /**
   * @param recordTimestamp the timestamp the element already carries (from its source), or
   *     {@link #NO_TIMESTAMP}
   */
  long extractTimestamp(T element, long recordTimestamp);
}
