package io.weft.appmaster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionHoldTest {
  private static VertexDecision d(int id, int p, int next) {
    return new VertexDecision(id, "t" + id, p, next, 0.5, 100, 100, 100, 0.5, "test");
  }

  @Test
  void actsOnlyOnceTheRecommendationHeldThroughTheInterval() {
    DecisionHold hold = new DecisionHold(60_000);
    assertTrue(hold.offer(List.of(d(1, 2, 4), d(2, 2, 2)), 0).isEmpty());
    assertTrue(hold.offer(List.of(d(1, 2, 3)), 30_000).isEmpty());
    assertEquals(30_000, hold.heldMillis(30_000));
    // Same task, same direction, another number: the latest number is applied.
    assertEquals(Map.of(1, 5), hold.offer(List.of(d(1, 2, 5)), 60_000));
  }

  @Test
  void aChangeOfDirectionOrOfTasksStartsOver() {
    DecisionHold hold = new DecisionHold(60_000);
    hold.offer(List.of(d(1, 2, 4)), 0);
    assertTrue(hold.offer(List.of(d(1, 2, 1)), 50_000).isEmpty(), "down now");
    assertTrue(hold.offer(List.of(d(1, 2, 1)), 100_000).isEmpty(), "down held for 50 s only");
    assertTrue(hold.offer(List.of(d(1, 2, 1), d(2, 1, 2)), 110_000).isEmpty(), "another task joined");
    assertEquals(Map.of(1, 1, 2, 2), hold.offer(List.of(d(1, 2, 1), d(2, 1, 2)), 170_000));
  }

  @Test
  void anEvaluationWithoutChangeStartsOver() {
    DecisionHold hold = new DecisionHold(60_000);
    hold.offer(List.of(d(1, 2, 4)), 0);
    assertTrue(hold.offer(List.of(d(1, 2, 2)), 30_000).isEmpty());
    assertEquals(-1, hold.heldMillis(30_000));
    assertTrue(hold.offer(List.of(d(1, 2, 4)), 60_000).isEmpty(), "held since 60 s, not since 0");
    assertEquals(Map.of(1, 4), hold.offer(List.of(d(1, 2, 4)), 120_000));
  }

  @Test
  void aZeroIntervalActsAtOnce() {
    assertEquals(Map.of(7, 3), new DecisionHold(0).offer(List.of(d(7, 1, 3)), 5));
  }
}
