package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.metrics.Counter;
import io.weft.api.metrics.DescriptiveStatisticsHistogram;
import io.weft.api.metrics.Gauge;
import io.weft.api.metrics.Histogram;
import io.weft.api.metrics.Meter;
import io.weft.api.metrics.MeterView;
import io.weft.core.types.TypeInfo;

/**
 * {@link HoldingJob}'s {@value HoldingJob#COUNT} numbers, then nothing, through a "Count" map at
 * parallelism 2 whose function counts the multiples of three it sees in a user counter
 * ({@code multiplesOfThree}, in group {@code numbers} with the variable {@code kind=multiples}), and
 * registers a gauge, a meter and a histogram; the job keeps running, so the counters stay reported.
 */
public final class MetricsJob {
  private MetricsJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new HoldingJob.HoldingSource(), "Numbers", TypeInfo.of(Long.class)).setParallelism(1)
        .rebalance()
        .map(new CountingMap()).name("Count").setParallelism(2).returns(TypeInfo.of(Long.class))
        .filter(x -> x < 0).name("Nothing").setParallelism(2)
        .print().setParallelism(2);
    env.execute("Metrics job");
  }

  /** Counts multiples of three; the last value seen is a gauge, every value a meter and histogram event. */
  static final class CountingMap extends AbstractRichFunction implements MapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private transient Counter multiples;
    private transient Meter perSecond;
    private transient Histogram values;
    private transient volatile long last;

    @Override
    public void open() {
      var group = getRuntimeContext().getMetricGroup().addGroup("numbers", "multiples");
      multiples = group.counter("multiplesOfThree");
      perSecond = group.meter("valuesPerSecond", new MeterView(60));
      values = group.histogram("values", new DescriptiveStatisticsHistogram(1000));
      group.gauge("lastValue", (Gauge<Long>) () -> last);
    }

    @Override
    public Long map(Long value) {
      if (value % 3 == 0) {
        multiples.inc();
      }
      perSecond.markEvent();
      values.update(value);
      last = value;
      return value;
    }
  }
}
