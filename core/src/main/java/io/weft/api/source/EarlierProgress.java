package io.weft.api.source;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link GeneratorSource} emitted at earlier parallelisms, so a reader restored at another
 * one skips those sequence numbers: per earlier parallelism p, the next number each of its p
 * subtasks would have made (subtask j had made every number below its entry that is j mod p). A
 * number is done if any level covers it. A level stops mattering once the reader is past all its
 * entries, and is dropped then.
 */
final class EarlierProgress {
  private static final int MAX_LEVELS = 64;
  private static final int MAX_PARALLELISM = 1 << 15;

  private final List<long[]> levels;

  private EarlierProgress(List<long[]> levels) {
    this.levels = levels;
  }

  static EarlierProgress none() {
    return new EarlierProgress(new ArrayList<>());
  }

  /** The progress of every old subtask (next number, or null for one without a position) as a new level on top of theirs. */
  static EarlierProgress of(List<long[]> inheritedLevels, long[] nextOfEveryOldSubtask) {
    List<long[]> levels = new ArrayList<>();
    for (long[] level : inheritedLevels) {
      if (levels.stream().noneMatch(l -> Arrays.equals(l, level))) {
        levels.add(level);
      }
    }
    levels.add(nextOfEveryOldSubtask);
    if (levels.size() > MAX_LEVELS) {
      throw new IllegalStateException("a generator restored at " + levels.size() + " different parallelisms in a row "
          + "without catching up; restore it at its last parallelism");
    }
    return new EarlierProgress(levels);
  }

  List<long[]> levels() {
    return levels;
  }

  boolean covers(long number) {
    for (long[] next : levels) {
      if (number < next[(int) (number % next.length)]) {
        return true;
      }
    }
    return false;
  }

  /** Drops the levels that cannot cover {@code number} or anything after it. */
  void forgetBefore(long number) {
    levels.removeIf(next -> Arrays.stream(next).allMatch(n -> n <= number));
  }

  boolean isEmpty() {
    return levels.isEmpty();
  }

  int encodedLength() {
    int n = 4;
    for (long[] level : levels) {
      n += 4 + 8 * level.length;
    }
    return n;
  }

  void writeTo(ByteBuffer out) {
    out.putInt(levels.size());
    for (long[] level : levels) {
      out.putInt(level.length);
      for (long next : level) {
        out.putLong(next);
      }
    }
  }

  static EarlierProgress readFrom(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > MAX_LEVELS) {
      throw new IllegalArgumentException("corrupt generator position: " + n + " levels");
    }
    List<long[]> levels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int p = in.getInt();
      if (p <= 0 || p > MAX_PARALLELISM || in.remaining() < 8L * p) {
        throw new IllegalArgumentException("corrupt generator position: a level of parallelism " + p);
      }
      long[] level = new long[p];
      for (int j = 0; j < p; j++) {
        level[j] = in.getLong();
      }
      levels.add(level);
    }
    return new EarlierProgress(levels);
  }
}
