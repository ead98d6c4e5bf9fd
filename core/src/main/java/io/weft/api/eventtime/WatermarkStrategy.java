package io.weft.api.eventtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stream gets event time: a timestamp per element and a {@link WatermarkGenerator} per
 * parallel subtask. Passed to {@code DataStream.assignTimestampsAndWatermarks}; the common cases
 * are the static factories, refined with {@link #withTimestampAssigner} and {@link #withIdleness}.
 *
 * <p>For a custom (e.g. punctuated) generator: {@code WatermarkStrategy.forGenerator(ctx -> new
 * MyGenerator())}.
 */
@FunctionalInterface
public interface WatermarkStrategy<T> extends WatermarkGeneratorSupplier<T> {

  /** The timestamp assigner; by default elements keep the timestamp they already carry. */
  default TimestampAssigner<T> createTimestampAssigner() {
    return (element, recordTimestamp) -> recordTimestamp;
  }

  /** This strategy, with timestamps taken from the elements by {@code assigner}. */
  default WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
    return new WithTimestampAssigner<>(this, Objects.requireNonNull(assigner, "timestamp assigner"));
  }

  /**
   * This strategy, marking the input idle when it produced no element for {@code idleTimeout} of
   * processing time, so that downstream operators do not wait for its watermark meanwhile.
   */
  default WatermarkStrategy<T> withIdleness(Duration idleTimeout) {
    return new WithIdleness<>(this, Objects.requireNonNull(idleTimeout, "idle timeout"));
  }

  /** Watermarks that trail the highest timestamp seen by {@code maxOutOfOrderness} (plus 1 ms). */
  static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
    new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness); // validates now, not in the task
    return ctx -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
  }

  /** For timestamps that never decrease: the watermark is the highest timestamp seen minus 1 ms. */
  static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
    return ctx -> new AscendingTimestampsWatermarks<>();
  }

  /** No watermarks (event time only reaches its end when a bounded input ends). */
  static <T> WatermarkStrategy<T> noWatermarks() {
    return ctx -> new NoWatermarksGenerator<>();
  }

  /** A strategy around a custom generator, e.g. a punctuated one. */
  static <T> WatermarkStrategy<T> forGenerator(WatermarkGeneratorSupplier<T> supplier) {
    Objects.requireNonNull(supplier, "generator supplier");
    return supplier::createWatermarkGenerator;
  }

  /** A strategy with its own timestamp assigner. */
  final class WithTimestampAssigner<T> implements WatermarkStrategy<T> {
    private static final long serialVersionUID = 1L;
    private final WatermarkStrategy<T> base;
    private final TimestampAssigner<T> assigner;

    WithTimestampAssigner(WatermarkStrategy<T> base, TimestampAssigner<T> assigner) {
      this.base = base;
      this.assigner = assigner;
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner() {
      return assigner;
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
      return base.createWatermarkGenerator(context);
    }
  }

  /** A strategy whose generator is wrapped in {@link WatermarksWithIdleness}. */
  final class WithIdleness<T> implements WatermarkStrategy<T> {
    private static final long serialVersionUID = 1L;
    private final WatermarkStrategy<T> base;
    private final Duration idleTimeout;

    WithIdleness(WatermarkStrategy<T> base, Duration idleTimeout) {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
      }
      this.base = base;
      this.idleTimeout = idleTimeout;
    }

    @Override
    public TimestampAssigner<T> createTimestampAssigner() {
      return base.createTimestampAssigner();
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
      return new WatermarksWithIdleness<>(base.createWatermarkGenerator(context), idleTimeout, context);
    }
  }
}
