package io.weft.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyGroupsTest {
  private static final int[] PARALLELISMS = {1, 2, 3, 4, 5, 7, 10, 16, 100, 127, 128};
  private static final int[] MAX_PARALLELISMS = {128, 129, 1000, 4096};

  @Test
  void everyKeyGroupMapsToASubtaskInRange() {
    for (int maxP : MAX_PARALLELISMS) {
      for (int p : PARALLELISMS) {
        for (int kg = 0; kg < maxP; kg++) {
          int s = KeyGroups.subtaskForKeyGroup(kg, maxP, p);
          assertTrue(s >= 0 && s < p, "key group " + kg + " -> subtask " + s + " (p=" + p + ", maxP=" + maxP + ")");
        }
      }
    }
  }

  @Test
  void keyGroupRangesAreContiguousCoverAllAndAgreeWithTheMapping() {
    for (int maxP : MAX_PARALLELISMS) {
      for (int p : PARALLELISMS) {
        assertEquals(0, KeyGroups.firstKeyGroup(0, maxP, p));
        assertEquals(maxP, KeyGroups.firstKeyGroup(p, maxP, p), "the end of the last range is maxP");
        int covered = 0;
        for (int s = 0; s < p; s++) {
          int first = KeyGroups.firstKeyGroup(s, maxP, p);
          int end = KeyGroups.firstKeyGroup(s + 1, maxP, p);
          assertTrue(end > first, "subtask " + s + " of " + p + " owns no key group (maxP " + maxP + ")");
          assertEquals(covered, first, "ranges must follow each other without gap or overlap");
          for (int kg = first; kg < end; kg++) {
            assertEquals(s, KeyGroups.subtaskForKeyGroup(kg, maxP, p), "key group " + kg + " p=" + p + " maxP=" + maxP);
          }
          covered = end;
        }
        assertEquals(maxP, covered);
      }
    }
  }

  @Test
  void keysHashIntoKeyGroupsInRangeAndSpreadOut() {
    int maxP = 128;
    int[] perGroup = new int[maxP];
    for (int i = -50_000; i < 50_000; i++) {
      Object key = i % 2 == 0 ? (Object) i : "key-" + i;
      int kg = KeyGroups.keyGroupFor(key, maxP);
      assertTrue(kg >= 0 && kg < maxP, "key group " + kg);
      assertEquals(kg, KeyGroups.keyGroupFor(key, maxP), "stable");
      perGroup[kg]++;
    }
    for (int kg = 0; kg < maxP; kg++) {
      // 100000 keys over 128 groups: about 781 each; the mix must not leave groups nearly empty.
      assertTrue(perGroup[kg] > 500 && perGroup[kg] < 1100, "key group " + kg + " got " + perGroup[kg]);
    }
    assertEquals(KeyGroups.subtaskForKeyGroup(KeyGroups.keyGroupFor("k", maxP), maxP, 3),
        KeyGroups.subtaskForKey("k", maxP, 3));
  }

  @Test
  void defaultMaxParallelism() {
    assertEquals(128, KeyGroups.defaultMaxParallelism(1));
    assertEquals(128, KeyGroups.defaultMaxParallelism(64));
    assertEquals(256, KeyGroups.defaultMaxParallelism(100));
    assertEquals(KeyGroups.UPPER_BOUND_MAX_PARALLELISM, KeyGroups.defaultMaxParallelism(30_000));
    for (int p = 1; p <= 20_000; p += 37) {
      int m = KeyGroups.defaultMaxParallelism(p);
      assertTrue(m >= p && m >= 128 && Integer.bitCount(m) == 1, p + " -> " + m);
    }
  }
}
