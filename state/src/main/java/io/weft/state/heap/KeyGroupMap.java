package io.weft.state.heap;

/**
 * The entries of one key group of one state: (key, namespace) -> value, with the epoch each value
 * was stored in (see {@link StateTable} for what epochs are for).
 *
 * <p>Open addressing with linear probing, in flat arrays: {@code refs} holds key, namespace and
 * value of slot s at 3s, 3s+1, 3s+2, and {@code words} two longs per slot: at 2s the key's value
 * when the key is a {@code Long} or an {@code Integer}, at 2s+1 the slot's tag (high half) and the
 * value's epoch (low half). The tag is {@code hash << 2 | kind}, kind 1 to 3, so it is never 0 in
 * a used slot: a lookup tells a free slot, a different hash and a different key kind from that one
 * word, and compares a numeric key by the word beside it, both in one 16-byte pair (one cache
 * line); it then reads the namespace (and the caller the value) from {@code refs}. That is two
 * lines per lookup; a {@code java.util.HashMap} of (key, namespace) wrappers to entries reads a
 * node, the wrapper and the entry besides, each a separate object on the heap, and the layout
 * before this one (hashes, epochs and kinds in an {@code int[]}, key values in a third array)
 * three. Per-record state access is the hot path of keyed operators, and those cache misses were
 * most of its cost (J2's profile, issue 25).
 *
 * <p>Boxed numeric keys are compared by their value in {@code words}, not through the stored key
 * object: that object is the key of the record that made the entry, allocated long before and far
 * away on the heap. The kind, part of the tag, keeps a {@code Long} and an {@code Integer} of the
 * same value apart, as {@code equals} does, and keeps other keys from being compared by value. The
 * tag drops the hash's top two bits; the home slot is the hash's low bits, as before.
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
  /** Key kinds: compared by {@code equals}, or by value as a Long or as an Integer; never 0. */
  private static final int OBJECT = 1;
  private static final int LONG = 2;
  private static final int INTEGER = 3;
  private static final long EPOCH_BITS = 0xFFFF_FFFFL;

  private Object[] refs;
  private long[] words;
  private int mask;
  private int size;

  KeyGroupMap(int epoch) {
    this(epoch, new Object[3 * MIN_CAPACITY], new long[2 * MIN_CAPACITY], 0);
  }

  private KeyGroupMap(int epoch, Object[] refs, long[] words, int size) {
    this.epoch = epoch;
    this.refs = refs;
    this.words = words;
    this.mask = words.length / 2 - 1;
    this.size = size;
  }

  /** A copy with the same slots, made in {@code epoch}: arrays copied, keys and values shared. */
  KeyGroupMap copy(int epoch) {
    return new KeyGroupMap(epoch, refs.clone(), words.clone(), size);
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

  /** The tag of a used slot: the hash (less its top two bits) and the key's kind; never 0. */
  private static int tag(int hash, int kind) {
    return hash << 2 | kind;
  }

  private static int tagOf(long word) {
    return (int) (word >>> 32);
  }

  /** The slot holding (key, namespace), or {@code -1 - s} where s is the free slot to insert it at. */
  int find(Object key, Object namespace, int hash) {
    Object[] r = refs;
    long[] w = words;
    int kind = kind(key);
    long bits = bits(key, kind);
    int want = tag(hash, kind);
    int s = hash & mask;
    while (true) {
      int tag = tagOf(w[2 * s + 1]);
      if (tag == 0) {
        return -1 - s;
      }
      if (tag == want) {
        Object k;
        if (kind == OBJECT ? (k = r[3 * s]) == key || k.equals(key) : w[2 * s] == bits) {
          Object ns = r[3 * s + 1];
          if (ns == namespace || ns.equals(namespace)) {
            return s;
          }
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
    words[2 * s] = bits(key, kind);
    words[2 * s + 1] = (long) tag(hash, kind) << 32 | (valueEpoch & EPOCH_BITS);
    size++;
    return s;
  }

  /** The home slot of the entry whose tag word is {@code word}: the hash's low bits. */
  private int home(long word) {
    return (tagOf(word) >>> 2) & mask;
  }

  private void grow() {
    Object[] oldRefs = refs;
    long[] oldWords = words;
    int capacity = 2 * (mask + 1);
    refs = new Object[3 * capacity];
    words = new long[2 * capacity];
    mask = capacity - 1;
    for (int s = 0; s < oldWords.length / 2; s++) {
      long word = oldWords[2 * s + 1];
      if (tagOf(word) != 0) {
        int t = home(word);
        while (tagOf(words[2 * t + 1]) != 0) {
          t = (t + 1) & mask;
        }
        System.arraycopy(oldRefs, 3 * s, refs, 3 * t, 3);
        words[2 * t] = oldWords[2 * s];
        words[2 * t + 1] = word;
      }
    }
  }

  /** Removes the entry in slot s, moving later entries of its probe run back into the gap. */
  void removeAt(int s) {
    int gap = s;
    int t = s;
    while (true) {
      t = (t + 1) & mask;
      long word = words[2 * t + 1];
      if (tagOf(word) == 0) {
        break;
      }
      int home = home(word);
      // The entry at t may fill the gap if its home slot is not in (gap, t] (cyclically).
      boolean homeAfterGap = gap <= t ? gap < home && home <= t : gap < home || home <= t;
      if (!homeAfterGap) {
        System.arraycopy(refs, 3 * t, refs, 3 * gap, 3);
        words[2 * gap] = words[2 * t];
        words[2 * gap + 1] = word;
        gap = t;
      }
    }
    refs[3 * gap] = null;
    refs[3 * gap + 1] = null;
    refs[3 * gap + 2] = null;
    words[2 * gap] = 0;
    words[2 * gap + 1] = 0;
    size--;
  }

  Object value(int s) {
    return refs[3 * s + 2];
  }

  int valueEpoch(int s) {
    return (int) words[2 * s + 1];
  }

  void setValue(int s, Object value, int valueEpoch) {
    refs[3 * s + 2] = value;
    long word = words[2 * s + 1];
    if ((int) word != valueEpoch) {
      words[2 * s + 1] = (word & ~EPOCH_BITS) | (valueEpoch & EPOCH_BITS);
    }
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
