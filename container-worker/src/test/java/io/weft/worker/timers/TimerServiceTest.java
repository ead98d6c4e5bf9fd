package io.weft.worker.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerServiceTest {
  private final List<String> fired = new ArrayList<>();
  private final TimerService<Long> timers = new TimerService<>(null, key -> {}, new TimerCallback<>() {
    @Override
    public void onEventTime(Long key, Object namespace, long time) {
      fired.add(key + "/" + namespace + "@" + time);
    }

    @Override
    public void onProcessingTime(Long key, Object namespace, long time) {}
  });

  /** The timer registered last is remembered; once it fired or was deleted, registering it again must set it again. */
  @Test
  void aTimerRegisteredAgainAfterItFiredOrWasDeletedIsSetAgain() throws Exception {
    Long key = 7L;
    String window = "w";
    timers.registerEventTimeTimer(key, window, 10);
    timers.registerEventTimeTimer(key, window, 10);
    assertEquals(1, timers.numEventTimeTimers());
    timers.advanceWatermark(10);
    assertEquals(List.of("7/w@10"), fired);

    timers.registerEventTimeTimer(key, window, 10); // due already: fires with the next watermark
    assertEquals(1, timers.numEventTimeTimers());
    timers.deleteEventTimeTimer(key, window, 10);
    assertEquals(0, timers.numEventTimeTimers());
    timers.registerEventTimeTimer(key, window, 10);
    assertEquals(1, timers.numEventTimeTimers());
    timers.advanceWatermark(11);
    assertEquals(List.of("7/w@10", "7/w@10"), fired);
    assertEquals(0, timers.numEventTimeTimers());
  }
}
