package io.weft.worker.eventtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.eventtime.WatermarkGenerator;
import io.weft.api.eventtime.WatermarkOutput;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.worker.harness.OneInputOperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator of assignTimestampsAndWatermarks, with the harness's hand-moved clock: periodic
 * watermarks come every pipeline.auto-watermark-interval (default 200 ms) of the task's clock.
 */
class WatermarkAssignerOperatorTest {

  private static OneInputOperatorHarness<String, String> harness(WatermarkStrategy<String> strategy) {
    return OneInputOperatorHarness.forSpec(new OperatorSpec.TimestampsAndWatermarksSpec<>(strategy));
  }

  private static WatermarkStrategy<String> parsed(WatermarkStrategy<String> strategy) {
    return strategy.withTimestampAssigner((s, ts) -> Long.parseLong(s));
  }

  /** What the operator emitted: "value@ts", "wm:N", "IDLE", "ACTIVE". */
  private static List<String> events(OneInputOperatorHarness<String, String> h) {
    List<String> out = new ArrayList<>();
    for (Object e : h.events()) {
      if (e instanceof OneInputOperatorHarness.Emitted<?> r) {
        out.add(r.value() + "@" + r.timestamp());
      } else if (e instanceof Watermark w) {
        out.add("wm:" + w.timestamp());
      } else if (e instanceof WatermarkStatus s) {
        out.add(s.idle() ? "IDLE" : "ACTIVE");
      }
    }
    h.clearOutput();
    return out;
  }

  /** Bounded out-of-orderness 500 ms: after 1000, 3000, 2000 the watermark is 3000 - 500 - 1 = 2499. */
  @Test
  void periodicWatermarksFollowTheClock() throws Exception {
    try (var h = harness(parsed(WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(500)))).open()) {
      h.processElement("1000");
      h.processElement("3000");
      h.processElement("2000");
      assertEquals(List.of("1000@1000", "3000@3000", "2000@2000"), events(h), "stamped, no watermark yet");
      h.setProcessingTime(199);
      assertEquals(List.of(), events(h));
      h.setProcessingTime(200);
      assertEquals(List.of("wm:2499"), events(h));
      h.setProcessingTime(400);
      assertEquals(List.of(), events(h), "a watermark that does not advance is not repeated");
      h.processElement("5000");
      h.setProcessingTime(600);
      assertEquals(List.of("5000@5000", "wm:4499"), events(h));
    }
  }

  @Test
  void theIntervalIsConfigurableAndZeroTurnsPeriodicEmissionOff() throws Exception {
    Configuration every50 = new Configuration();
    every50.set(CoreOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
    try (var h = harness(parsed(WatermarkStrategy.forMonotonousTimestamps())).withConfiguration(every50).open()) {
      h.processElement("10");
      h.setProcessingTime(50);
      assertEquals(List.of("10@10", "wm:9"), events(h));
    }
    Configuration off = new Configuration();
    off.set(CoreOptions.AUTO_WATERMARK_INTERVAL, Duration.ZERO);
    try (var h = harness(parsed(WatermarkStrategy.forMonotonousTimestamps())).withConfiguration(off).open()) {
      h.processElement("10");
      h.setProcessingTime(10_000);
      assertEquals(List.of("10@10"), events(h));
    }
  }

  /** Upstream watermarks and idleness are replaced by this operator's own; only the final watermark passes. */
  @Test
  void upstreamWatermarksAreDroppedExceptTheFinalOne() throws Exception {
    try (var h = harness(parsed(WatermarkStrategy.forMonotonousTimestamps())).open()) {
      h.processWatermark(100);
      h.processWatermarkStatus(WatermarkStatus.IDLE);
      h.processElement("7");
      assertEquals(List.of("7@7"), events(h));
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("wm:" + Long.MAX_VALUE), events(h));
      h.processElement("8");
      h.setProcessingTime(1_000);
      assertEquals(List.of("8@8"), events(h), "nothing periodic after the end of event time");
    }
  }

  @Test
  void elementsKeepTheirTimestampWithoutAnAssigner() throws Exception {
    try (var h = harness(WatermarkStrategy.noWatermarks()).open()) {
      h.processElement("x", 77);
      h.setProcessingTime(1_000);
      assertEquals(List.of("x@77"), events(h));
    }
  }

  /**
   * Idle timeout 500 ms, checks every 200 ms: quiet since start (0), so idle at 600; an element at
   * 650 makes the check at 800 mark it active, before the watermark; quiet since 800, idle again
   * at 1400 (1200 - 800 < 500 <= 1400 - 800).
   */
  @Test
  void idlenessIsReportedInBandAndEndsWithTheNextWatermark() throws Exception {
    try (var h = harness(parsed(WatermarkStrategy.<String>forMonotonousTimestamps()
        .withIdleness(Duration.ofMillis(500)))).open()) {
      h.setProcessingTime(400);
      assertEquals(List.of(), events(h));
      h.setProcessingTime(600);
      assertEquals(List.of("IDLE"), events(h));
      h.setProcessingTime(650);
      h.processElement("10");
      h.setProcessingTime(800);
      assertEquals(List.of("10@10", "ACTIVE", "wm:9"), events(h));
      h.setProcessingTime(1200);
      assertEquals(List.of(), events(h));
      h.setProcessingTime(1400);
      assertEquals(List.of("IDLE"), events(h));
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("ACTIVE", "wm:" + Long.MAX_VALUE), events(h), "an idle input is active again to end");
    }
  }

  /** Emits a watermark from every element "wm:N", after the element. */
  static final class Punctuated implements WatermarkGenerator<String> {
    @Override
    public void onEvent(String event, long timestamp, WatermarkOutput output) {
      if (event.startsWith("wm:")) {
        output.emitWatermark(Long.parseLong(event.substring(3)));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  @Test
  void punctuatedWatermarksFollowTheirElement() throws Exception {
    try (var h = harness(WatermarkStrategy.forGenerator(ctx -> new Punctuated())).open()) {
      h.processElement("a", 1);
      h.processElement("wm:5", 5);
      h.processElement("wm:3", 6); // not above 5: ignored
      assertEquals(List.of("a@1", "wm:5@5", "wm:5", "wm:3@6"), events(h));
    }
  }

  /** BATCH mode (bounded input): no progressive watermarks, so no element is ever late; the final one passes. */
  @Test
  void batchModeEmitsOnlyTheFinalWatermark() throws Exception {
    try (var h = harness(WatermarkStrategy.forGenerator(ctx -> new Punctuated()))
        .withRuntimeMode(RuntimeMode.BATCH).open()) {
      h.processElement("wm:5", 5);
      h.setProcessingTime(1_000);
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of("wm:5@5", "wm:" + Long.MAX_VALUE), events(h));
    }
  }
}
