package io.weft.state.snapshot;

import io.weft.core.plan.KeyGroups;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A contiguous range of key groups, {@code first..last} inclusive; empty when {@code last <
 * first}. A subtask owns one range; snapshots are cut into key groups so that another parallelism
 * can pick its own ranges out of them.
 */
public record KeyGroupRange(int first, int last) {
  public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

  public KeyGroupRange {
    if (first < 0 || last >= KeyGroups.UPPER_BOUND_MAX_PARALLELISM || last < first - 1) {
      throw new IllegalArgumentException("not a key group range: " + first + ".." + last);
    }
  }

  /** The range of key groups that subtask {@code subtask} of {@code parallelism} owns. */
  public static KeyGroupRange forSubtask(int subtask, int parallelism, int maxParallelism) {
    if (parallelism < 1 || subtask < 0 || subtask >= parallelism || maxParallelism < parallelism
        || maxParallelism > KeyGroups.UPPER_BOUND_MAX_PARALLELISM) {
      throw new IllegalArgumentException("no key group range for subtask " + subtask + " of " + parallelism
          + " with max parallelism " + maxParallelism);
    }
    int first = KeyGroups.firstKeyGroup(subtask, maxParallelism, parallelism);
    int end = KeyGroups.firstKeyGroup(subtask + 1, maxParallelism, parallelism);
    return new KeyGroupRange(first, end - 1);
  }

  public int size() {
    return last - first + 1;
  }

  public boolean isEmpty() {
    return last < first;
  }

  public boolean contains(int keyGroup) {
    return keyGroup >= first && keyGroup <= last;
  }

  /** The key groups in both ranges (possibly empty). */
  public KeyGroupRange intersect(KeyGroupRange other) {
    int f = Math.max(first, other.first);
    int l = Math.min(last, other.last);
    return l < f ? EMPTY : new KeyGroupRange(f, l);
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(first);
    out.writeInt(last);
  }

  public static KeyGroupRange read(DataInput in) throws IOException {
    int first = in.readInt();
    int last = in.readInt();
    try {
      return new KeyGroupRange(first, last);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt input: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "key groups " + first + ".." + last;
  }
}
