package io.weft.api.metrics;

/**
 * A metric whose value is worked out at intervals rather than on each event (a {@link MeterView}'s
 * rate): the runtime calls {@link #update()} about every {@value #UPDATE_INTERVAL_SECONDS} seconds,
 * before each report.
 */
public interface View {
  int UPDATE_INTERVAL_SECONDS = 5;

  void update();
}
