package io.weft.worker.timers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-time timers of one operator subtask, grouped by time: time -> the (key, namespace)
 * pairs of that time, in the order they were registered, each at most once.
 *
 * <p>Windows make many timers of few distinct times (every key's window ends at the same time),
 * so a time is one tree entry and a timer is a slot in that time's arrays: no timer object, hash
 * set node and priority-queue entry per (key, window), whose inserts, removals and sifts were a
 * quarter of J2's profile (issue 25). Timers fire in time order, as from a priority queue; those
 * of one time fire in registration order (Flink leaves that order to its heap).
 */
final class EventTimerQueue<K> {
  /** The timers of one time. A fired or deleted timer leaves a null key in its slot. */
  private static final class Bucket {
    final long time;
    Object[] keys = new Object[4];
    Object[] namespaces = new Object[4];
    int[] hashes = new int[4];
    /** Slots [0, end) were used; those before next have fired; live are neither fired nor deleted. */
    int end;
    int next;
    int live;
    /** Open addressing over the live slots: the slot of each, -1 where free; for the at-most-once check. */
    int[] index = newIndex(8);

    Bucket(long time) {
      this.time = time;
    }
  }

  private final TreeMap<Long, Bucket> byTime = new TreeMap<>();
  /** The bucket registered in last: a window's timers go to a handful of times. */
  private Bucket recent;
  private int size;

  private static int[] newIndex(int capacity) {
    int[] index = new int[capacity];
    java.util.Arrays.fill(index, -1);
    return index;
  }

  private static int hash(Object key, Object namespace) {
    int h = key.hashCode() * 0x9E3779B9 + namespace.hashCode();
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    return h ^ (h >>> 13);
  }

  int size() {
    return size;
  }

  /** Adds the timer unless it is there; returns whether it was added. */
  boolean add(K key, Object namespace, long time) {
    Bucket b = recent;
    if (b == null || b.time != time) {
      b = byTime.get(time);
      if (b == null) {
        b = new Bucket(time);
        byTime.put(time, b);
      }
      recent = b;
    }
    int hash = hash(key, namespace);
    if (indexSlot(b, key, namespace, hash) >= 0) {
      return false;
    }
    if (b.end == b.keys.length) {
      makeRoom(b);
    }
    int slot = b.end++;
    b.keys[slot] = key;
    b.namespaces[slot] = namespace;
    b.hashes[slot] = hash;
    b.live++;
    size++;
    if (4 * b.live > 3 * b.index.length) {
      reindex(b, 2 * b.index.length);
    } else {
      insertIndex(b.index, b.hashes, slot);
    }
    return true;
  }

  /** Removes the timer if it is there. */
  void delete(K key, Object namespace, long time) {
    Bucket b = recent != null && recent.time == time ? recent : byTime.get(time);
    if (b == null) {
      return;
    }
    int i = indexSlot(b, key, namespace, hash(key, namespace));
    if (i >= 0) {
      remove(b, b.index[i]);
    }
  }

  // The timer poll() took out last.
  private Object polledKey;
  private Object polledNamespace;
  private long polledTime;

  /**
   * Takes out the earliest timer if it is at or before {@code upTo}: false if there is none. The
   * timer is gone before its callback runs, so the callback may register it again.
   */
  boolean poll(long upTo) {
    Map.Entry<Long, Bucket> first = byTime.firstEntry();
    if (first == null || first.getKey() > upTo) {
      return false;
    }
    Bucket b = first.getValue();
    while (b.keys[b.next] == null) {
      b.next++; // a deleted timer's slot (live > 0, so a live one follows)
    }
    int slot = b.next++;
    polledKey = b.keys[slot];
    polledNamespace = b.namespaces[slot];
    polledTime = b.time;
    remove(b, slot);
    return true;
  }

  @SuppressWarnings("unchecked")
  K polledKey() {
    return (K) polledKey;
  }

  Object polledNamespace() {
    return polledNamespace;
  }

  long polledTime() {
    return polledTime;
  }

  /** Every timer, earliest first, into {@code into}. */
  @SuppressWarnings("unchecked")
  void copyTo(List<TimerService.Timer<K>> into) {
    for (Bucket b : byTime.values()) {
      for (int s = b.next; s < b.end; s++) {
        if (b.keys[s] != null) {
          into.add(new TimerService.Timer<>(b.time, (K) b.keys[s], b.namespaces[s]));
        }
      }
    }
  }

  /** The index position holding (key, namespace), or -1. */
  private static int indexSlot(Bucket b, Object key, Object namespace, int hash) {
    int[] index = b.index;
    int mask = index.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int s = index[i];
      if (s < 0) {
        return -1;
      }
      if (b.hashes[s] == hash) {
        Object k = b.keys[s];
        Object ns = b.namespaces[s];
        if ((k == key || k.equals(key)) && (ns == namespace || ns.equals(namespace))) {
          return i;
        }
      }
    }
  }

  private static void insertIndex(int[] index, int[] hashes, int slot) {
    int mask = index.length - 1;
    int i = hashes[slot] & mask;
    while (index[i] >= 0) {
      i = (i + 1) & mask;
    }
    index[i] = slot;
  }

  private static void reindex(Bucket b, int capacity) {
    b.index = newIndex(capacity);
    for (int s = b.next; s < b.end; s++) {
      if (b.keys[s] != null) {
        insertIndex(b.index, b.hashes, s);
      }
    }
  }

  /** Takes out the live timer in {@code slot}: from the index, its slot, and the tree if it was the last. */
  private void remove(Bucket b, int slot) {
    int[] index = b.index;
    int mask = index.length - 1;
    int gap = b.hashes[slot] & mask;
    while (index[gap] != slot) {
      gap = (gap + 1) & mask;
    }
    // Move later entries of the probe run back into the gap unless their home is in (gap, t].
    for (int t = (gap + 1) & mask; index[t] >= 0; t = (t + 1) & mask) {
      int home = b.hashes[index[t]] & mask;
      boolean homeAfterGap = gap <= t ? gap < home && home <= t : gap < home || home <= t;
      if (!homeAfterGap) {
        index[gap] = index[t];
        gap = t;
      }
    }
    index[gap] = -1;
    b.keys[slot] = null;
    b.namespaces[slot] = null;
    b.live--;
    size--;
    if (b.live == 0) {
      byTime.remove(b.time);
      if (recent == b) {
        recent = null;
      }
    }
  }

  /** Full slot arrays: drops fired and deleted slots if they are half or more, else doubles them. */
  private static void makeRoom(Bucket b) {
    int capacity = b.keys.length;
    if (2 * b.live > capacity) {
      capacity *= 2;
    }
    Object[] keys = new Object[capacity];
    Object[] namespaces = new Object[capacity];
    int[] hashes = new int[capacity];
    int n = 0;
    for (int s = b.next; s < b.end; s++) { // in order: the order of registration stays
      if (b.keys[s] != null) {
        keys[n] = b.keys[s];
        namespaces[n] = b.namespaces[s];
        hashes[n] = b.hashes[s];
        n++;
      }
    }
    b.keys = keys;
    b.namespaces = namespaces;
    b.hashes = hashes;
    b.next = 0;
    b.end = n;
    reindex(b, b.index.length);
  }
}
