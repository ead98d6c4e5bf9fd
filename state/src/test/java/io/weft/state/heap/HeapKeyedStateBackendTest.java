package io.weft.state.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.plan.KeyGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapKeyedStateBackendTest {

  private static <T> List<T> list(Iterable<T> it) {
    List<T> l = new ArrayList<>();
    it.forEach(l::add);
    return l;
  }

  @Test
  void everyKindOfStateIsPerKey() throws Exception {
    HeapKeyedStateBackend<String> b = new HeapKeyedStateBackend<>(0, 1, 128);
    ValueState<Integer> value = b.getValueState(new ValueStateDescriptor<>("v", Integer.class));
    ListState<String> listState = b.getListState(new ListStateDescriptor<>("l", String.class));
    MapState<String, Integer> map = b.getMapState(new MapStateDescriptor<>("m", String.class, Integer.class));
    ReducingState<Long> sum = b.getReducingState(new ReducingStateDescriptor<>("r", Long::sum, Long.class));

    b.setCurrentKey("a");
    value.update(1);
    listState.add("a1");
    listState.add("a2");
    map.put("x", 1);
    sum.add(5L);
    sum.add(6L);

    b.setCurrentKey("b");
    assertNull(value.value());
    assertEquals(List.of(), list(listState.get()));
    assertTrue(map.isEmpty());
    assertNull(sum.get());
    value.update(2);
    listState.update(List.of("b1"));
    map.putAll(Map.of("y", 2, "z", 3));
    sum.add(100L);

    b.setCurrentKey("a");
    assertEquals(1, value.value());
    assertEquals(List.of("a1", "a2"), list(listState.get()));
    assertEquals(1, map.get("x"));
    assertFalse(map.contains("y"));
    assertEquals(11L, sum.get());

    value.clear();
    listState.clear();
    map.remove("x");
    sum.clear();
    assertNull(value.value());
    assertEquals(List.of(), list(listState.get()));
    assertTrue(map.isEmpty());
    assertNull(sum.get());

    b.setCurrentKey("b");
    assertEquals(2, value.value());
    assertEquals(List.of("b1"), list(listState.get()));
    assertEquals(Map.of("y", 2, "z", 3), Map.of("y", map.get("y"), "z", map.get("z")));
    assertEquals(100L, sum.get());
    assertEquals(1, b.numEntries("v"));
    assertEquals(1, b.numEntries("m"));
    assertEquals(0, b.numEntries("never"));
  }

  @Test
  void updatingToNullClearsAndNamespacesAreSeparate() throws Exception {
    HeapKeyedStateBackend<Integer> b = new HeapKeyedStateBackend<>(0, 1, 128);
    ValueState<String> v = b.getValueState(new ValueStateDescriptor<>("v", String.class));
    b.setCurrentKey(7);
    v.update("default");
    b.setCurrentNamespace("window-1");
    assertNull(v.value());
    v.update("w1");
    assertEquals(2, b.numEntries("v"));
    b.setCurrentNamespace(HeapKeyedStateBackend.DEFAULT_NAMESPACE);
    assertEquals("default", v.value());
    v.update(null);
    assertNull(v.value());
    assertEquals(1, b.numEntries("v"));
  }

  @Test
  void theSameNameGivesTheSameStateAndOneKindOnly() {
    HeapKeyedStateBackend<String> b = new HeapKeyedStateBackend<>(0, 1, 128);
    ValueState<Long> first = b.getValueState(new ValueStateDescriptor<>("s", Long.class));
    assertTrue(first == b.getValueState(new ValueStateDescriptor<>("s", Long.class)));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> b.getListState(new ListStateDescriptor<>("s", Long.class)));
    assertTrue(e.getMessage().contains("'s'"), e.getMessage());
  }

  @Test
  void stateNeedsACurrentKey() {
    HeapKeyedStateBackend<String> b = new HeapKeyedStateBackend<>(0, 1, 128);
    ValueState<Long> v = b.getValueState(new ValueStateDescriptor<>("s", Long.class));
    assertThrows(IllegalStateException.class, v::value);
  }

  @Test
  void aSubtaskStoresExactlyTheKeysItsKeyGroupsOwn() throws Exception {
    int p = 3;
    int maxP = 16;
    List<HeapKeyedStateBackend<Integer>> backends = new ArrayList<>();
    List<ValueState<Integer>> states = new ArrayList<>();
    for (int s = 0; s < p; s++) {
      HeapKeyedStateBackend<Integer> b = new HeapKeyedStateBackend<>(s, p, maxP);
      backends.add(b);
      states.add(b.getValueState(new ValueStateDescriptor<>("v", Integer.class)));
    }
    for (int key = 0; key < 200; key++) {
      int owner = KeyGroups.subtaskForKey(key, maxP, p);
      for (int s = 0; s < p; s++) {
        backends.get(s).setCurrentKey(key);
        if (s == owner) {
          states.get(s).update(key);
          assertEquals(key, states.get(s).value());
        } else {
          int k = key;
          int sub = s;
          IllegalStateException e = assertThrows(IllegalStateException.class, () -> states.get(sub).update(k),
              "subtask " + s + " must not store key " + key + " of subtask " + owner);
          assertTrue(e.getMessage().contains("key group"), e.getMessage());
        }
      }
    }
    int total = 0;
    for (HeapKeyedStateBackend<Integer> b : backends) {
      total += b.numEntries("v");
    }
    assertEquals(200, total);
  }
}
