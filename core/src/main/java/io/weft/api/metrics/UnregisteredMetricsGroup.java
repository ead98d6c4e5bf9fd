package io.weft.api.metrics;

import java.util.Map;

/**
 * A group that reports nothing: what functions get outside a running task (a context a test
 * builds by hand). Metrics registered here still work; they are just not reported.
 */
public final class UnregisteredMetricsGroup implements MetricGroup {
  @Override
  public Counter counter(String name) {
    return new SimpleCounter();
  }

  @Override
  public <C extends Counter> C counter(String name, C counter) {
    return counter;
  }

  @Override
  public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
    return gauge;
  }

  @Override
  public <M extends Meter> M meter(String name, M meter) {
    return meter;
  }

  @Override
  public <H extends Histogram> H histogram(String name, H histogram) {
    return histogram;
  }

  @Override
  public MetricGroup addGroup(String name) {
    return this;
  }

  @Override
  public MetricGroup addGroup(String key, String value) {
    return this;
  }

  @Override
  public Map<String, String> getAllVariables() {
    return Map.of();
  }

  @Override
  public String[] getScopeComponents() {
    return new String[0];
  }
}
