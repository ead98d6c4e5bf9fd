package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.RestartOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartStrategyTest {

  @Test
  void withoutCheckpointsAJobDoesNotRestartUnlessAsked() {
    assertFalse(RestartStrategy.of(new Configuration()).failed(0));
  }

  @Test
  void withCheckpointsItRestartsWithoutLimit() {
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofSeconds(1));
    RestartStrategy s = RestartStrategy.of(conf);
    for (int i = 0; i < 1000; i++) {
      assertTrue(s.failed(i));
    }
    assertEquals(1000, s.delayMillis());
  }

  @Test
  void fixedDelayCountsItsAttempts() {
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "fixed-delay");
    conf.set(RestartOptions.FIXED_DELAY_ATTEMPTS, 2);
    RestartStrategy s = RestartStrategy.of(conf);
    assertTrue(s.failed(0));
    assertTrue(s.failed(1));
    assertFalse(s.failed(2));
  }

  @Test
  void failureRateForgetsFailuresOutsideItsInterval() {
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "failure-rate");
    conf.set(RestartOptions.FAILURE_RATE_MAX_FAILURES, 2);
    conf.set(RestartOptions.FAILURE_RATE_INTERVAL, Duration.ofSeconds(10));
    RestartStrategy s = RestartStrategy.of(conf);
    assertTrue(s.failed(0));
    assertTrue(s.failed(1_000));
    assertFalse(s.failed(2_000), "three within 10 s");
    assertTrue(s.failed(30_000), "the old ones are forgotten");
  }

  @Test
  void anUnknownTypeIsRefused() {
    Configuration conf = new Configuration();
    conf.set(RestartOptions.TYPE, "sometimes");
    assertThrows(IllegalArgumentException.class, () -> RestartStrategy.of(conf));
  }
}
