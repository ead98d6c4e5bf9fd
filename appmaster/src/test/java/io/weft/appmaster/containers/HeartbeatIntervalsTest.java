package io.weft.appmaster.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AM's heartbeat is fast while containers wait for YARN and slow otherwise, and changes only when it must. */
class HeartbeatIntervalsTest {

  @Test
  void fastWhileContainersArePendingSlowOtherwiseWithFlinksDefaults() {
    Configuration conf = new Configuration();
    List<Integer> set = new ArrayList<>();
    HeartbeatIntervals intervals = new HeartbeatIntervals(conf, set::add);
    assertEquals(500, HeartbeatIntervals.initialMillis(conf));
    assertEquals(500, intervals.currentMillis());

    intervals.pending(2);
    intervals.pending(1);
    assertEquals(List.of(), set, "the client starts at the fast interval: nothing to change while requests wait");
    intervals.pending(0);
    assertEquals(List.of(5000), set);
    intervals.pending(0);
    intervals.pending(3);
    intervals.pending(0);
    assertEquals(List.of(5000, 500, 5000), set);
    assertEquals(5000, intervals.currentMillis());
  }

  @Test
  void theConfiguredIntervalsAreUsed() {
    Configuration conf = new Configuration()
        .set(ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL, Duration.ofMillis(120))
        .set(ContainerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
    conf.setString("unrelated", "x");
    List<Integer> set = new ArrayList<>();
    HeartbeatIntervals intervals = new HeartbeatIntervals(conf, set::add);
    assertEquals(120, HeartbeatIntervals.initialMillis(conf));
    intervals.pending(0);
    intervals.pending(1);
    assertEquals(List.of(2000, 120), set);
  }

  @Test
  void intervalsTheClientCannotUseAreRefusedNamingTheKey() {
    Configuration zero = new Configuration().set(ContainerOptions.HEARTBEAT_INTERVAL, Duration.ZERO);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeartbeatIntervals(zero, ms -> {}));
    assertTrue(e.getMessage().contains("yarn.heartbeat.interval") && e.getMessage().contains("got 0 ms"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HeartbeatIntervals.millis(Duration.ofMillis((long) Integer.MAX_VALUE + 1), "k"));
    assertThrows(IllegalArgumentException.class, () -> HeartbeatIntervals.millis(Duration.ofNanos(999_999), "k"));
    assertEquals(1, HeartbeatIntervals.millis(Duration.ofMillis(1), "k"));
  }
}
