package io.weft.api.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watermark strategies and generators on their own, with a hand-moved clock. */
class WatermarkStrategyTest {

  /** Records what a generator emits: "wm:N", "idle", "active". */
  static final class Recorder implements WatermarkOutput {
    final List<String> events = new ArrayList<>();

    @Override
    public void emitWatermark(long timestamp) {
      events.add("wm:" + timestamp);
    }

    @Override
    public void markIdle() {
      events.add("idle");
    }

    @Override
    public void markActive() {
      events.add("active");
    }

    List<String> take() {
      List<String> copy = new ArrayList<>(events);
      events.clear();
      return copy;
    }
  }

  static final class Clock implements WatermarkGeneratorSupplier.Context {
    long now;

    @Override
    public long currentProcessingTime() {
      return now;
    }
  }

  @Test
  void boundedOutOfOrdernessTrailsTheMaximumByTheBoundPlusOne() {
    WatermarkGenerator<String> g = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(500))
        .createWatermarkGenerator(new Clock());
    Recorder out = new Recorder();
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:" + Long.MIN_VALUE), out.take(), "nothing seen yet");
    g.onEvent("a", 1000, out);
    g.onEvent("b", 3000, out);
    g.onEvent("c", 2000, out); // out of order: the maximum stays 3000
    assertEquals(List.of(), out.take(), "periodic: nothing per element");
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:2499"), out.take(), "3000 - 500 - 1");
  }

  @Test
  void monotonousTimestampsTrailByOneMillisecond() {
    WatermarkGenerator<String> g = WatermarkStrategy.<String>forMonotonousTimestamps()
        .createWatermarkGenerator(new Clock());
    Recorder out = new Recorder();
    g.onEvent("a", 5, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:4"), out.take());
  }

  @Test
  void noWatermarksEmitsNothing() {
    WatermarkGenerator<String> g = WatermarkStrategy.<String>noWatermarks().createWatermarkGenerator(new Clock());
    Recorder out = new Recorder();
    g.onEvent("a", 5, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of(), out.take());
  }

  @Test
  void timestampAssigners() {
    WatermarkStrategy<String> plain = WatermarkStrategy.forMonotonousTimestamps();
    assertEquals(42, plain.createTimestampAssigner().extractTimestamp("x", 42), "keeps the record's timestamp");
    WatermarkStrategy<String> parsed = plain.withTimestampAssigner((s, ts) -> Long.parseLong(s));
    assertEquals(7, parsed.createTimestampAssigner().extractTimestamp("7", 42));
    // Refinements compose: idleness keeps the assigner.
    assertEquals(7, parsed.withIdleness(Duration.ofSeconds(1)).createTimestampAssigner().extractTimestamp("7", 42));
  }

  /**
   * Idle timeout 100 ms, periodic emission every 50 ms: activity is compared at each emission, so
   * the input is idle at the first emission at least 100 ms after the last one that saw activity.
   */
  @Test
  void idlenessMarksTheInputIdleAfterTheTimeoutAndActiveOnNewElements() {
    Clock clock = new Clock();
    WatermarkGenerator<String> g = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ZERO)
        .withIdleness(Duration.ofMillis(100)).createWatermarkGenerator(clock);
    Recorder out = new Recorder();
    clock.now = 50;
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:" + Long.MIN_VALUE), out.take(), "quiet for 50 ms: not idle yet");
    clock.now = 100;
    g.onPeriodicEmit(out);
    assertEquals(List.of("idle"), out.take(), "quiet since creation (t=0) for 100 ms");
    clock.now = 120;
    g.onEvent("a", 10, out);
    clock.now = 150;
    g.onPeriodicEmit(out);
    assertEquals(List.of("active", "wm:9"), out.take());
    clock.now = 200;
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:9"), out.take(), "quiet since 150 for 50 ms");
    clock.now = 250;
    g.onPeriodicEmit(out);
    assertEquals(List.of("idle"), out.take(), "quiet since 150 for 100 ms");
  }

  /** A punctuated generator: a watermark from every element that carries one. */
  static final class Punctuated implements WatermarkGenerator<String> {
    @Override
    public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {
      if (event.startsWith("wm")) {
        output.emitWatermark(eventTimestamp);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  @Test
  void customGenerators() {
    WatermarkGenerator<String> g = WatermarkStrategy.forGenerator(ctx -> new Punctuated())
        .createWatermarkGenerator(new Clock());
    Recorder out = new Recorder();
    g.onEvent("x", 5, out);
    g.onEvent("wm", 8, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("wm:8"), out.take());
  }

  @Test
  @SuppressWarnings("unchecked")
  void strategiesAreSerializableForThePlan() throws Exception {
    WatermarkStrategy<String> strategy = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(500))
        .withTimestampAssigner((s, ts) -> Long.parseLong(s))
        .withIdleness(Duration.ofSeconds(3));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
      oos.writeObject(strategy);
    }
    WatermarkStrategy<String> copy;
    try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (WatermarkStrategy<String>) ois.readObject();
    }
    assertEquals(1500, copy.createTimestampAssigner().extractTimestamp("1500", 0));
    Recorder out = new Recorder();
    WatermarkGenerator<String> g = copy.createWatermarkGenerator(new Clock());
    g.onEvent("1500", 1500, out);
    g.onPeriodicEmit(out);
    assertEquals(List.of("active", "wm:999"), out.take());
  }

  @Test
  void invalidDurationsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> WatermarkStrategy.forMonotonousTimestamps().withIdleness(Duration.ZERO));
  }
}
