package io.weft.state.heap;

/**
 * The entries of one key group of one state: (key, namespace) -> value, with the epoch each value
 * was stored in (see {@link StateTable} for what epochs are for).
 *
 * <p>Open addressing with linear probing, in two flat arrays: {@code refs} holds key, namespace and
 * value of slot s at 3s, 3s+1, 3s+2, and {@code ints} holds the slot's hash and epoch at 2s, 2s+1.
 * A lookup reads one line of each array and the key and namespace it compares; a {@code
 * java.util.HashMap} of (key, namespace) wrappers to entries reads a node, the wrapper and the entry
 * besides, each a separate object on the heap. Per-record state access is the hot path of keyed
 * operators, and those extra cache misses were most of its cost.
 *
 * <p>Slots are stable while nothing is inserted or removed, and a {@link #copy()} has the same
 * layout, so a caller may remember a slot across calls as long as it notices structural changes
 * (the table counts them). Removal shifts later entries of a probe run back, so there are no
 * tombstones. Not thread-safe; a map shared with a running snapshot is read-only (the table copies
 * it before changing it).
 */
final class KeyGroupMap {
  private static final int MIN_CAPACITY = 8;

  /** The epoch the map was created in: a snapshot started since may be reading it. */
  final int epoch;
  private Object[] refs;
  private int[] ints;
  private int mask;
  private int size;

  KeyGroupMap(int epoch) {
    this(epoch, new Object[3 * MIN_CAPACITY], new int[2 * MIN_CAPACITY], 0);
  }

  private KeyGroupMap(int epoch, Object[] refs, int[] ints, int size) {
    this.epoch = epoch;
    this.refs = refs;
    this.ints = ints;
    this.mask = ints.length / 2 - 1;
    this.size = size;
  }

  /** A copy with the same slots, made in {@code epoch}: arrays copied, keys and values shared. */
  KeyGroupMap copy(int epoch) {
    return new KeyGroupMap(epoch, refs.clone(), ints.clone(), size);
  }

  /**
   * Murmur3's finalizer over both hash codes. Keys and window namespaces are often arithmetic
   * sequences, whose plain linear combination collides by the thousand.
   */
  static int hash(Object key, Object namespace) {
    int h = key.hashCode() * 0x9E3779B9 + namespace.hashCode();
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  /** The slot holding (key, namespace), or {@code -1 - s} where s is the free slot to insert it at. */
  int find(Object key, Object namespace, int hash) {
    Object[] r = refs;
    int[] n = ints;
    int s = hash & mask;
    while (true) {
      Object k = r[3 * s];
      if (k == null) {
        return -1 - s;
      }
      if (n[2 * s] == hash && (k == key || k.equals(key))) {
        Object ns = r[3 * s + 1];
        if (ns == namespace || ns.equals(namespace)) {
          return s;
        }
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * Inserts at a free slot {@link #find} returned ({@code -1 - s}); returns the slot the entry is in,
   * which differs from s when the map had to grow first.
   */
  int insert(int freeSlot, Object key, Object namespace, int hash, Object value, int valueEpoch) {
    int s = -1 - freeSlot;
    if (4 * (size + 1) > 3 * (mask + 1)) {
      grow();
      s = -1 - find(key, namespace, hash);
    }
    refs[3 * s] = key;
    refs[3 * s + 1] = namespace;
    refs[3 * s + 2] = value;
    ints[2 * s] = hash;
    ints[2 * s + 1] = valueEpoch;
    size++;
    return s;
  }

  private void grow() {
    Object[] oldRefs = refs;
    int[] oldInts = ints;
    int capacity = 2 * (mask + 1);
    refs = new Object[3 * capacity];
    ints = new int[2 * capacity];
    mask = capacity - 1;
    for (int s = 0; s < oldInts.length / 2; s++) {
      if (oldRefs[3 * s] != null) {
        int t = oldInts[2 * s] & mask;
        while (refs[3 * t] != null) {
          t = (t + 1) & mask;
        }
        System.arraycopy(oldRefs, 3 * s, refs, 3 * t, 3);
        System.arraycopy(oldInts, 2 * s, ints, 2 * t, 2);
      }
    }
  }

  /** Removes the entry in slot s, moving later entries of its probe run back into the gap. */
  void removeAt(int s) {
    int gap = s;
    int t = s;
    while (true) {
      t = (t + 1) & mask;
      if (refs[3 * t] == null) {
        break;
      }
      int home = ints[2 * t] & mask;
      // The entry at t may fill the gap if its home slot is not in (gap, t] (cyclically).
      boolean homeAfterGap = gap <= t ? gap < home && home <= t : gap < home || home <= t;
      if (!homeAfterGap) {
        System.arraycopy(refs, 3 * t, refs, 3 * gap, 3);
        System.arraycopy(ints, 2 * t, ints, 2 * gap, 2);
        gap = t;
      }
    }
    refs[3 * gap] = null;
    refs[3 * gap + 1] = null;
    refs[3 * gap + 2] = null;
    size--;
  }

  Object value(int s) {
    return refs[3 * s + 2];
  }

  int valueEpoch(int s) {
    return ints[2 * s + 1];
  }

  void setValue(int s, Object value, int valueEpoch) {
    refs[3 * s + 2] = value;
    ints[2 * s + 1] = valueEpoch;
  }

  /** Slots run from 0 to capacity() - 1; a free one has a null key. */
  int capacity() {
    return mask + 1;
  }

  Object key(int s) {
    return refs[3 * s];
  }

  Object namespace(int s) {
    return refs[3 * s + 1];
  }

  int size() {
    return size;
  }
}
