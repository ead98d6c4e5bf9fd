package io.weft.appmaster.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainersTest {
  @Test
  void aNodeIsBlacklistedOnceWhenItReachesTheThreshold() {
    NodeFailures failures = new NodeFailures(2);
    assertFalse(failures.failed("a", 3));
    assertFalse(failures.failed("b", 3));
    assertTrue(failures.failed("a", 3), "second failure on a");
    assertFalse(failures.failed("a", 3), "already blacklisted");
    assertEquals(3, failures.failuresOn("a"));
    assertTrue(failures.failed("b", 3), "c is left");
    assertFalse(failures.failed("c", 3));
    assertFalse(failures.failed("c", 3), "c is the last node left: never blacklisted");
  }

  @Test
  void theLastNodeIsNeverBlacklisted() {
    NodeFailures failures = new NodeFailures(1);
    for (int i = 0; i < 5; i++) {
      assertFalse(failures.failed("only", 1));
    }
  }

  @Test
  void zeroNeverBlacklists() {
    NodeFailures failures = new NodeFailures(0);
    for (int i = 0; i < 10; i++) {
      assertFalse(failures.failed("a", 10));
    }
  }

  @Test
  void aReconnectingTaskManagerKeepsItsPositionWhenFree() {
    assertEquals(2, TaskManagerIndexes.forReconnecting("tm-2", 3, List.of(0)));
    assertEquals(1, TaskManagerIndexes.forReconnecting("tm-2-r1", 3, List.of(0, 2)), "taken: the first free");
    assertEquals(0, TaskManagerIndexes.forReconnecting("tm-7", 3, List.of()), "beyond n: the first free");
    assertEquals(1, TaskManagerIndexes.forReconnecting("odd", 3, List.of(0)));
    assertEquals(-1, TaskManagerIndexes.forReconnecting("tm-0", 2, List.of(0, 1)), "none free");
    assertEquals(-1, TaskManagerIndexes.firstFree(0, List.of()));
  }
}
