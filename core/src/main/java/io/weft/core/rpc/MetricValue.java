package io.weft.core.rpc;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One metric's value at a report. What {@code values} holds depends on the kind: a counter its
 * count; a gauge its value; a meter its rate per second and count; a histogram the figures of
 * {@link #HISTOGRAM_FIELDS}, in that order.
 */
public record MetricValue(String name, Kind kind, double[] values) {
  /** The figures of a histogram, as Flink's reporters name them. */
  public static final String[] HISTOGRAM_FIELDS =
      {"count", "min", "max", "mean", "stddev", "p50", "p75", "p95", "p98", "p99", "p999"};
  public static final double[] HISTOGRAM_QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

  public enum Kind {
    COUNTER(1), GAUGE(1), METER(2), HISTOGRAM(HISTOGRAM_FIELDS.length);

    private final int size;

    Kind(int size) {
      this.size = size;
    }

    /** How many values a metric of this kind has. */
    public int size() {
      return size;
    }
  }

  public MetricValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (values.length != kind.size()) {
      throw new IllegalArgumentException("a " + kind + " metric has " + kind.size() + " values, got " + values.length);
    }
    values = values.clone();
  }

  public static MetricValue counter(String name, long count) {
    return new MetricValue(name, Kind.COUNTER, new double[] {count});
  }

  public static MetricValue gauge(String name, double value) {
    return new MetricValue(name, Kind.GAUGE, new double[] {value});
  }

  /** The single value of a counter or gauge, a meter's rate, a histogram's count. */
  public double value() {
    return values[0];
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public double value(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricValue m && m.name.equals(name) && m.kind == kind && Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return name + " " + kind + " " + Arrays.toString(values);
  }

  void writeTo(DataOutput out) throws IOException {
    Wire.writeString(out, "name", name);
    out.writeByte(kind.ordinal());
    for (double v : values) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  static MetricValue readFrom(WireInput in) throws IOException {
    String name = in.readString("name");
    int k = in.readUnsignedByte("kind");
    if (k >= Kind.values().length) {
      throw new WireInput.MalformedField("unknown metric kind " + k + " of metric '" + name + "'");
    }
    Kind kind = Kind.values()[k];
    double[] values = new double[kind.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.longBitsToDouble(in.readLong("value"));
    }
    return new MetricValue(name, kind, values);
  }
}
