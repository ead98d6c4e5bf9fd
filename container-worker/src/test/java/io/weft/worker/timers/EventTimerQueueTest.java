package io.weft.worker.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventTimerQueueTest {
  /** A key whose hash code the test chooses: few codes make long probe runs in the at-most-once index. */
  private record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.id == id;
    }
  }

  /**
   * Against a plain model (time -> insertion-ordered set): random adds, deletes and polls, with
   * re-adds of due timers between polls as callbacks do, through growth, compaction and removal.
   * Polls come in time order, each time's timers in the order they were (last) added.
   */
  @Test
  void behavesAsTheModel() {
    Random random = new Random(11);
    EventTimerQueue<Key> q = new EventTimerQueue<>();
    TreeMap<Long, LinkedHashSet<List<Object>>> model = new TreeMap<>();
    int modelSize = 0;
    for (int step = 0; step < 50_000; step++) {
      Key key = new Key(random.nextInt(60), random.nextInt(5));
      String ns = random.nextBoolean() ? "a" : "b";
      long time = random.nextInt(8);
      int op = random.nextInt(10);
      if (op < 5) {
        boolean added = model.computeIfAbsent(time, t -> new LinkedHashSet<>()).add(List.of(key, ns));
        assertEquals(added, q.add(key, ns, time));
        modelSize += added ? 1 : 0;
      } else if (op < 8) {
        LinkedHashSet<List<Object>> timers = model.get(time);
        if (timers != null && timers.remove(List.of(key, ns))) {
          modelSize--;
          if (timers.isEmpty()) {
            model.remove(time);
          }
        }
        q.delete(key, ns, time);
      } else {
        long upTo = random.nextInt(8);
        var first = model.firstEntry();
        if (first == null || first.getKey() > upTo) {
          assertFalse(q.poll(upTo));
        } else {
          List<Object> expected = first.getValue().iterator().next();
          first.getValue().remove(expected);
          if (first.getValue().isEmpty()) {
            model.remove(first.getKey());
          }
          modelSize--;
          assertTrue(q.poll(upTo));
          assertEquals(expected, List.of(q.polledKey(), q.polledNamespace()));
          assertEquals((long) first.getKey(), q.polledTime());
        }
      }
      assertEquals(modelSize, q.size());
      if (step % 5000 == 0) {
        List<TimerService.Timer<Key>> copy = new ArrayList<>();
        q.copyTo(copy);
        List<TimerService.Timer<Key>> expected = new ArrayList<>();
        model.forEach((t, timers) -> timers.forEach(e -> expected.add(new TimerService.Timer<>(t, (Key) e.get(0), e.get(1)))));
        assertEquals(expected, copy);
      }
    }
    while (q.poll(Long.MAX_VALUE)) {
      modelSize--;
    }
    assertEquals(0, modelSize);
    assertEquals(0, q.size());
  }

  /** A timer a callback registers at an earlier due time than the one firing fires next, as from a priority queue. */
  @Test
  void anEarlierTimerAddedWhileFiringComesNext() {
    EventTimerQueue<Long> q = new EventTimerQueue<>();
    q.add(1L, "w", 10);
    q.add(2L, "w", 10);
    assertTrue(q.poll(20));
    assertEquals(1L, q.polledKey());
    q.add(3L, "w", 5);
    q.add(1L, "w", 10); // fired already: set again, after 2
    List<Long> order = new ArrayList<>();
    while (q.poll(20)) {
      order.add(q.polledKey());
    }
    assertEquals(List.of(3L, 2L, 1L), order);
  }
}
