package io.weft.state.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyGroupMapTest {

  /** A key whose hash code the test chooses, to force long probe runs that wrap around the array's end. */
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

  private static Object get(KeyGroupMap m, Object key, Object namespace) {
    int s = m.find(key, namespace, KeyGroupMap.hash(key, namespace));
    return s < 0 ? null : m.value(s);
  }

  private static void put(KeyGroupMap m, Object key, Object namespace, Object value) {
    int hash = KeyGroupMap.hash(key, namespace);
    int s = m.find(key, namespace, hash);
    if (s >= 0) {
      m.setValue(s, value, 0);
    } else {
      m.insert(s, key, namespace, hash, value, 0);
    }
  }

  private static void remove(KeyGroupMap m, Object key, Object namespace) {
    int s = m.find(key, namespace, KeyGroupMap.hash(key, namespace));
    if (s >= 0) {
      m.removeAt(s);
    }
  }

  private static void assertSameAs(Map<List<Object>, Object> model, KeyGroupMap m, List<Key> keys, List<String> namespaces) {
    assertEquals(model.size(), m.size());
    for (Key k : keys) {
      for (String ns : namespaces) {
        assertEquals(model.get(List.of(k, ns)), get(m, k, ns), k + "/" + ns);
      }
    }
    int seen = 0;
    for (int s = 0; s < m.capacity(); s++) {
      if (m.key(s) != null) {
        seen++;
        assertEquals(model.get(List.of(m.key(s), m.namespace(s))), m.value(s));
      }
    }
    assertEquals(model.size(), seen, "every entry is in one slot");
  }

  @Test
  void behavesAsAMapThroughGrowthAndRemovalsWithCollidingHashes() {
    Random random = new Random(42);
    List<Key> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // Few distinct hash codes: long runs of colliding entries, across the end of the array.
      keys.add(new Key(i, random.nextInt(7)));
    }
    List<String> namespaces = List.of("", "w1", "w2");
    KeyGroupMap m = new KeyGroupMap(0);
    Map<List<Object>, Object> model = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      Key k = keys.get(random.nextInt(keys.size()));
      String ns = namespaces.get(random.nextInt(namespaces.size()));
      if (random.nextInt(3) == 0) {
        remove(m, k, ns);
        model.remove(List.of(k, ns));
      } else {
        put(m, k, ns, step);
        model.put(List.of(k, ns), step);
      }
      if (step % 1000 == 0) {
        assertSameAs(model, m, keys, namespaces);
      }
    }
    assertSameAs(model, m, keys, namespaces);
    for (Key k : keys) {
      for (String ns : namespaces) {
        remove(m, k, ns);
      }
    }
    assertEquals(0, m.size());
  }

  @Test
  void aCopyHasTheSameSlotsAndIsIndependent() {
    KeyGroupMap m = new KeyGroupMap(0);
    for (int i = 0; i < 50; i++) {
      put(m, (long) i, "", "v" + i);
    }
    KeyGroupMap copy = m.copy(1);
    for (int s = 0; s < m.capacity(); s++) {
      assertEquals(m.key(s), copy.key(s));
    }
    put(copy, 7L, "", "changed");
    remove(copy, 8L, "");
    put(copy, 1000L, "", "new");
    assertEquals("v7", get(m, 7L, ""));
    assertEquals("v8", get(m, 8L, ""));
    assertNull(get(m, 1000L, ""));
    assertEquals("changed", get(copy, 7L, ""));
    assertNull(get(copy, 8L, ""));
    assertTrue(copy.epoch == 1 && m.epoch == 0);
  }

  /**
   * Long and Integer keys are compared by value, not through the stored object: a fresh box of
   * the same value finds the entry, and a Long, an Integer and another key of the same hash code
   * stay apart, as equals() keeps them; through growth and the shifts of removals.
   */
  @Test
  void numericKeysAreComparedByValueAndKind() {
    Random random = new Random(7);
    KeyGroupMap m = new KeyGroupMap(0);
    Map<List<Object>, Object> model = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      long v = random.nextInt(3) == 0 ? random.nextInt(40) : 1_000_000_000_000L + random.nextInt(40);
      // Boxes of the large values are new objects each time, so identity does not help there.
      Object key = switch (random.nextInt(3)) {
        case 0 -> new Key((int) v, Long.hashCode(v)); // the Long's hash code, never equal to it
        case 1 -> Integer.valueOf((int) v); // the same hash code as the Long for the small values
        default -> Long.valueOf(v);
      };
      String ns = random.nextBoolean() ? "a" : "b";
      List<Object> modelKey = List.of(key, ns);
      if (random.nextInt(3) == 0) {
        remove(m, key, ns);
        model.remove(modelKey);
      } else if (random.nextBoolean()) {
        put(m, key, ns, step);
        model.put(modelKey, step);
      }
      assertEquals(model.get(modelKey), get(m, key, ns), key + " (" + key.getClass().getSimpleName() + ")/" + ns);
    }
    assertEquals(model.size(), m.size());
    for (int s = 0; s < m.capacity(); s++) {
      if (m.key(s) != null) {
        assertEquals(model.get(List.of(m.key(s), m.namespace(s))), m.value(s));
      }
    }
  }
  /**
   * Each value's epoch sits beside its slot's tag: it must follow the entry through growth and
   * the shifts of removals, and a changed epoch must not disturb the lookup.
   */
  @Test
  void epochsFollowTheirEntries() {
    KeyGroupMap m = new KeyGroupMap(0);
    for (int i = 0; i < 300; i++) { // grows from 8 slots to 512
      long key = i;
      int hash = KeyGroupMap.hash(key, "");
      m.insert(m.find(key, "", hash), key, "", hash, "v" + i, i % 5 == 0 ? Integer.MAX_VALUE - i : i);
    }
    for (int i = 0; i < 300; i += 3) {
      remove(m, (long) i, "");
    }
    for (int i = 1; i < 300; i += 3) {
      int s = m.find((long) i, "", KeyGroupMap.hash((long) i, ""));
      m.setValue(s, "w" + i, 7);
    }
    for (int i = 0; i < 300; i++) {
      int s = m.find((long) i, "", KeyGroupMap.hash((long) i, ""));
      if (i % 3 == 0) {
        assertTrue(s < 0, "removed " + i);
      } else if (i % 3 == 1) {
        assertEquals("w" + i, m.value(s));
        assertEquals(7, m.valueEpoch(s));
      } else {
        assertEquals("v" + i, m.value(s));
        assertEquals(i % 5 == 0 ? Integer.MAX_VALUE - i : i, m.valueEpoch(s));
      }
    }
    assertEquals(200, m.size());
  }
}
