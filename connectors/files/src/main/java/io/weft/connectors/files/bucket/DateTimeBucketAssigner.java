package io.weft.connectors.files.bucket;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.OptionalLong;

/**
 * Buckets by time, formatted with a {@link DateTimeFormatter} pattern in a time zone, e.g. {@code
 * 'dt='yyyy-MM-dd'/hour='HH} (letters that are not pattern letters go in quotes) gives {@code
 * dt=2026-12-06/hour=13}. By the element's event time ({@link #eventTime}) or by processing time
 * ({@link #processingTime}, Flink's {@code DateTimeBucketAssigner}). The bucket's start time is read
 * back from its id, for partition commit.
 */
public final class DateTimeBucketAssigner<T> implements BucketAssigner<T> {
  private static final long serialVersionUID = 1L;
  /** Flink's default: {@code yyyy-MM-dd--HH}. */
  public static final String DEFAULT_FORMAT = "yyyy-MM-dd--HH";

  private final String format;
  private final ZoneId zone;
  private final boolean eventTime;
  private transient DateTimeFormatter formatter;

  private DateTimeBucketAssigner(String format, ZoneId zone, boolean eventTime) {
    this.format = format;
    this.zone = zone;
    this.eventTime = eventTime;
    formatter(); // a bad pattern fails where the sink is built
  }

  public static <T> DateTimeBucketAssigner<T> eventTime(String format, ZoneId zone) {
    return new DateTimeBucketAssigner<>(format, zone, true);
  }

  public static <T> DateTimeBucketAssigner<T> processingTime(String format, ZoneId zone) {
    return new DateTimeBucketAssigner<>(format, zone, false);
  }

  public static <T> DateTimeBucketAssigner<T> processingTime() {
    return processingTime(DEFAULT_FORMAT, ZoneId.systemDefault());
  }

  @Override
  public String getBucketId(T element, Context context) {
    long time;
    if (eventTime) {
      Long ts = context.timestamp();
      if (ts == null) {
        throw new IllegalStateException("an event-time bucket assigner (" + format + ") got an element without a "
            + "timestamp: assign timestamps upstream (assignTimestampsAndWatermarks) or bucket by processing time");
      }
      time = ts;
    } else {
      time = context.currentProcessingTime();
    }
    return formatter().format(Instant.ofEpochMilli(time));
  }

  /** The start of the bucket {@code bucketId} names in epoch milliseconds, or empty if it is not one of this pattern. */
  public OptionalLong bucketStart(String bucketId) {
    try {
      return OptionalLong.of(ZonedDateTime.parse(bucketId, formatter()).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  /** How many directory levels the bucket ids have. */
  public int depth() {
    return formatter().format(Instant.EPOCH).split("/").length;
  }

  private DateTimeFormatter formatter() {
    if (formatter == null) {
      try {
        formatter = new DateTimeFormatterBuilder().appendPattern(format)
            .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
            .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter().withZone(zone);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bucket pattern '" + format + "' is not a DateTimeFormatter pattern ("
            + e.getMessage() + "); put literal text in single quotes, e.g. 'dt='yyyy-MM-dd'/hour='HH", e);
      }
    }
    return formatter;
  }

  @Override
  public String toString() {
    return (eventTime ? "event" : "processing") + " time buckets " + format + " in " + zone;
  }
}
