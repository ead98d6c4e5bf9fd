package io.weft.api.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricTypesTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void simpleCounterCountsUpAndDown() {
    SimpleCounter c = new SimpleCounter();
    c.inc();
    c.inc(41);
    c.dec();
    c.dec(10);
    assertEquals(31, c.getCount());
  }

  @Test
  void simpleCounterWrittenByOneThreadIsExactOnceTheWriterEnded() throws Exception {
    SimpleCounter c = new SimpleCounter();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 1_000_000; i++) {
        c.inc();
      }
    });
    writer.start();
    writer.join();
    assertEquals(1_000_000, c.getCount());
  }

  @Test
  void meterViewRateIsTheCountersGrowthOverTheSpan() {
    SimpleCounter counter = new SimpleCounter();
    MeterView meter = new MeterView(counter, 10);
    meter.update(0);
    assertEquals(0.0, meter.getRate(), "no interval yet");
    counter.inc(50);
    meter.update(5 * SECOND);
    assertEquals(10.0, meter.getRate(), 1e-9, "50 events in 5 s");
    counter.inc(100);
    meter.update(10 * SECOND);
    assertEquals(15.0, meter.getRate(), 1e-9, "150 events in the 10 s span");
    meter.update(15 * SECOND);
    assertEquals(10.0, meter.getRate(), 1e-9, "the span is now 5..15 s: 100 events");
    meter.update(20 * SECOND);
    assertEquals(0.0, meter.getRate(), 1e-9, "nothing in 10..20 s");
    assertEquals(150, meter.getCount());
  }

  @Test
  void meterViewMeasuresAConstantRateWhateverTheUpdateInterval() {
    MeterView meter = new MeterView(5);
    meter.update(0);
    for (int i = 1; i <= 100; i++) {
      meter.markEvent(2);
      meter.update(i * SECOND / 10); // ten times as often as nominal: 20 events per second
    }
    assertEquals(20.0, meter.getRate(), 1e-9);
    assertEquals(200, meter.getCount());
  }

  @Test
  void meterViewRefusesASpanShorterThanItsUpdateInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeterView(1));
    assertTrue(e.getMessage().contains("at least 5 seconds"), e.getMessage());
  }

  @Test
  void histogramStatisticsOverItsWindow() {
    DescriptiveStatisticsHistogram h = new DescriptiveStatisticsHistogram(5);
    for (long v = 1; v <= 8; v++) {
      h.update(v); // the window keeps 4..8
    }
    assertEquals(8, h.getCount());
    HistogramStatistics s = h.getStatistics();
    assertEquals(5, s.size());
    assertArrayEquals(new long[] {4, 5, 6, 7, 8}, s.getValues());
    assertEquals(4, s.getMin());
    assertEquals(8, s.getMax());
    assertEquals(6.0, s.getMean(), 1e-9);
    assertEquals(Math.sqrt(2.5), s.getStdDev(), 1e-9, "sample standard deviation");
    assertEquals(6.0, s.getQuantile(0.5), 1e-9);
    // (n + 1) * q = 4.5: halfway between the 4th and 5th smallest
    assertEquals(7.5, s.getQuantile(0.75), 1e-9);
    assertEquals(8.0, s.getQuantile(0.99), 1e-9);
    assertEquals(4.0, s.getQuantile(0.0), 1e-9);
  }

  @Test
  void emptyHistogramHasZeroStatistics() {
    HistogramStatistics s = new DescriptiveStatisticsHistogram(10).getStatistics();
    assertEquals(0, s.size());
    assertEquals(0.0, s.getQuantile(0.5));
    assertEquals(0, s.getMax());
    assertThrows(IllegalArgumentException.class, () -> s.getQuantile(1.5));
    assertThrows(IllegalArgumentException.class, () -> new DescriptiveStatisticsHistogram(0));
  }

  @Test
  void unregisteredGroupHandsBackWorkingMetrics() {
    MetricGroup g = new UnregisteredMetricsGroup().addGroup("a").addGroup("k", "v");
    Counter c = g.counter("c");
    c.inc(3);
    assertEquals(3, c.getCount());
    assertTrue(g.getAllVariables().isEmpty());
  }
}
