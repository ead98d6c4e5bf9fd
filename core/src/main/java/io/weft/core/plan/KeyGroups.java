package io.weft.core.plan;

/**
 * Keys are hashed into {@code maxParallelism} key groups; each subtask owns a contiguous range of
 * key groups. State is stored and redistributed by key group, so a job can be restored at another
 * parallelism (up to its max parallelism) without rehashing.
 */
public final class KeyGroups {
  public static final int DEFAULT_MAX_PARALLELISM = 128;
  public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

  private KeyGroups() {}

  /**
   * A parallelism a user typed (a CLI flag, a REST parameter): a whole number from 1 to {@link
   * #UPPER_BOUND_MAX_PARALLELISM}, else an IllegalArgumentException whose message starts with
   * {@code label} (where it was given) and names the value. The one parser of both.
   */
  public static int parseParallelism(String label, String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(label + " '" + value + "' is not a whole number");
    }
    if (n < 1) {
      throw new IllegalArgumentException(label + " " + n + ": the parallelism must be at least 1");
    }
    if (n > UPPER_BOUND_MAX_PARALLELISM) {
      throw new IllegalArgumentException(label + " " + n + " is above the largest max parallelism, "
          + UPPER_BOUND_MAX_PARALLELISM);
    }
    return n;
  }

  /**
   * The key group of {@code key}. A power-of-two max parallelism (the default's and the usual case)
   * takes the low bits, which is what floorMod gives for it, without the division: this runs once
   * per record on both sides of a keyed exchange.
   */
  public static int keyGroupFor(Object key, int maxParallelism) {
    int h = murmurMix(key.hashCode());
    return (maxParallelism & (maxParallelism - 1)) == 0 ? h & (maxParallelism - 1) : Math.floorMod(h, maxParallelism);
  }

  /** The subtask that owns a key group: contiguous ranges of key groups per subtask. */
  public static int subtaskForKeyGroup(int keyGroup, int maxParallelism, int parallelism) {
    return keyGroup * parallelism / maxParallelism;
  }

  public static int subtaskForKey(Object key, int maxParallelism, int parallelism) {
    return subtaskForKeyGroup(keyGroupFor(key, maxParallelism), maxParallelism, parallelism);
  }

  /** The first key group of a subtask's range (inclusive). */
  public static int firstKeyGroup(int subtask, int maxParallelism, int parallelism) {
    return (subtask * maxParallelism + parallelism - 1) / parallelism;
  }

  /** The default max parallelism for a parallelism: 1.5x rounded up to a power of two, at least 128. */
  public static int defaultMaxParallelism(int parallelism) {
    int wanted = Integer.highestOneBit(Math.max(1, parallelism + parallelism / 2 - 1)) << 1;
    return Math.min(Math.max(wanted, DEFAULT_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
  }

  // Spreads poor hashCodes (small integers, similar strings) evenly over the key groups.
  private static int murmurMix(int h) {
    h *= 0xcc9e2d51;
    h = Integer.rotateLeft(h, 15);
    h *= 0x1b873593;
    h = Integer.rotateLeft(h, 13);
    h = h * 5 + 0xe6546b64;
    h ^= 4;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
