package io.weft.state.heap;

/**
 * The entries of one key group of one state: (key, namespace) -> value, with the epoch each value
 * was stored in (see {@link StateTable} for what epochs are for).
 *
 * <p>Open addressing with linear probing, in flat arrays: {@code refs} holds key, namespace and
 * value of slot s at 3s, 3s+1, 3s+2, {@code ints} holds the slot's hash, epoch and key kind at 3s,
 * 3s+1, 3s+2, and {@code longs} the key's value at s when the key is a {@code Long} or an {@code
 * Integer}. A lookup reads one line of each array and the namespace it compares; a {@code
 * java.util.HashMap} of (key, namespace) wrappers to entries reads a node, the wrapper and the entry
 * besides, each a separate object on the heap. Per-record state access is the hot path of keyed
 * operators, and those extra cache misses were most of its cost.
 *
 * <p>Boxed numeric keys are compared by their value in {@code longs}, not through the stored key
 * object: that object is the key of the record that made the entry, allocated long before and
 * far away on the heap, and reading it was the one cache miss per lookup left (J2's profile, issue
 * 25). The kind keeps a {@code Long} and an {@code Integer} of the same value apart, as {@code
 * equals} does.
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
  /** Key kinds: compared by {@code equals}, or by value as a Long or as an Integer. */
  private static final int OBJECT = 0;
  private static final int LONG = 1;
  private static final int INTEGER = 2;

  private Object[] refs;
  private int[] ints;
  private long[] longs;
  private int mask;
  private int size;

  KeyGroupMap(int epoch) {
    this(epoch, new Object[3 * MIN_CAPACITY], new int[3 * MIN_CAPACITY], new long[MIN_CAPACITY], 0);
  }

  private KeyGroupMap(int epoch, Object[] refs, int[] ints, long[] longs, int size) {
    this.epoch = epoch;
    this.refs = refs;
    this.ints = ints;
    this.longs = longs;
    this.mask = longs.length - 1;
    this.size = size;
  }

  /** A copy with the same slots, made in {@code epoch}: arrays copied, keys and values shared. */
  KeyGroupMap copy(int epoch) {
    return new KeyGroupMap(epoch, refs.clone(), ints.clone(), longs.clone(), size);
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

  private static int kind(Object key) {
    Class<?> c = key.getClass();
    return c == Long.class ? LONG : c == Integer.class ? INTEGER : OBJECT;
  }

  /** A Long's or Integer's value (by {@code kind}); 0 for other keys, which are not compared by it. */
  private static long bits(Object key, int kind) {
    return kind == LONG ? (Long) key : kind == INTEGER ? (Integer) key : 0;
  }

  /** The slot holding (key, namespace), or {@code -1 - s} where s is the free slot to insert it at. */
  int find(Object key, Object namespace, int hash) {
    Object[] r = refs;
    int[] n = ints;
    int kind = kind(key);
    long bits = bits(key, kind);
    int s = hash & mask;
    while (true) {
      Object k = r[3 * s];
      if (k == null) {
        return -1 - s;
      }
      if (n[3 * s] == hash && (kind == OBJECT ? k == key || k.equals(key)
          : n[3 * s + 2] == kind && longs[s] == bits)) {
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
    int kind = kind(key);
    ints[3 * s] = hash;
    ints[3 * s + 1] = valueEpoch;
    ints[3 * s + 2] = kind;
    longs[s] = bits(key, kind);
    size++;
    return s;
  }

  private void grow() {
    Object[] oldRefs = refs;
    int[] oldInts = ints;
    long[] oldLongs = longs;
    int capacity = 2 * (mask + 1);
    refs = new Object[3 * capacity];
    ints = new int[3 * capacity];
    longs = new long[capacity];
    mask = capacity - 1;
    for (int s = 0; s < oldLongs.length; s++) {
      if (oldRefs[3 * s] != null) {
        int t = oldInts[3 * s] & mask;
        while (refs[3 * t] != null) {
          t = (t + 1) & mask;
        }
        System.arraycopy(oldRefs, 3 * s, refs, 3 * t, 3);
        System.arraycopy(oldInts, 3 * s, ints, 3 * t, 3);
        longs[t] = oldLongs[s];
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
      int home = ints[3 * t] & mask;
      // The entry at t may fill the gap if its home slot is not in (gap, t] (cyclically).
      boolean homeAfterGap = gap <= t ? gap < home && home <= t : gap < home || home <= t;
      if (!homeAfterGap) {
        System.arraycopy(refs, 3 * t, refs, 3 * gap, 3);
        System.arraycopy(ints, 3 * t, ints, 3 * gap, 3);
        longs[gap] = longs[t];
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
    return ints[3 * s + 1];
  }

  void setValue(int s, Object value, int valueEpoch) {
    refs[3 * s + 2] = value;
    ints[3 * s + 1] = valueEpoch;
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
