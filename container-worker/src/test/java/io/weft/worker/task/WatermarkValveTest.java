package io.weft.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.dataplane.element.WatermarkStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The task's input watermark from its channels' watermarks, idleness and ends. */
class WatermarkValveTest {
  private final List<Object> out = new ArrayList<>();
  private final WatermarkValve valve = new WatermarkValve(2, new WatermarkValve.Output() {
    @Override
    public void emitWatermark(long watermark) {
      out.add(watermark);
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) {
      out.add(status);
    }
  });

  @Test
  void theWatermarkIsTheSmallestOverTheChannelsAndNeverGoesBack() throws Exception {
    valve.onWatermark(0, 5);
    assertEquals(List.of(), out, "channel 1 has no watermark yet");
    valve.onWatermark(1, 3);
    valve.onWatermark(1, 10);
    valve.onWatermark(0, 4); // behind the task's watermark: ignored
    valve.onWatermark(0, 12);
    assertEquals(List.of(3L, 5L, 10L), out);
    assertEquals(10, valve.currentWatermark());
  }

  @Test
  void anIdleChannelHoldsNothingBackAndIsIgnoredUntilActiveAndCaughtUp() throws Exception {
    valve.onWatermarkStatus(1, true);
    valve.onWatermark(0, 7);
    valve.onWatermark(1, 100); // idle: ignored
    assertEquals(List.of(7L), out);

    valve.onWatermarkStatus(1, false);
    valve.onWatermark(0, 9);
    assertEquals(List.of(7L, 9L), out, "channel 1 is behind the task, so it is left out until it catches up");
    valve.onWatermark(1, 8);
    valve.onWatermark(0, 20);
    assertEquals(List.of(7L, 9L, 20L), out, "still behind, channel 1 does not hold channel 0 back");
    valve.onWatermark(1, 25);
    valve.onWatermark(0, 30);
    assertEquals(List.of(7L, 9L, 20L, 25L), out, "caught up: channel 1 holds the minimum again");
  }

  @Test
  void allChannelsIdlePassOnTheHighestWatermarkThenIdleAndTheFirstActiveEndsIt() throws Exception {
    valve.onWatermark(0, 4);
    valve.onWatermark(1, 6);
    valve.onWatermarkStatus(0, true);
    valve.onWatermarkStatus(1, true);
    assertEquals(List.of(4L, 6L, WatermarkStatus.IDLE), out);
    valve.onWatermarkStatus(0, false);
    assertEquals(List.of(4L, 6L, WatermarkStatus.IDLE, WatermarkStatus.ACTIVE), out);
  }

  @Test
  void anEndedChannelLetsEventTimeReachTheEndWhileTheOthersAreIdle() throws Exception {
    valve.onWatermark(1, 2);
    valve.onWatermark(0, Long.MAX_VALUE);
    valve.onEndOfPartition(0, true);
    assertEquals(List.of(2L), out);
    valve.onWatermarkStatus(1, true);
    assertEquals(List.of(2L, Long.MAX_VALUE), out, "an ended channel is never idle, so the task is not idle either");
  }

  @Test
  void anEndWithoutAdvanceIsNotTheEndOfEventTime() throws Exception {
    valve.onWatermark(0, Long.MAX_VALUE);
    valve.onWatermark(1, 3);
    valve.onEndOfPartition(1, false); // with advance, channel 0's Long.MAX_VALUE would pass
    assertEquals(List.of(3L), out);
    assertEquals(3, valve.currentWatermark());
  }
}
