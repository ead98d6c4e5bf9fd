package io.weft.appmaster.containers;

import java.util.Collection;

/**
 * The placement's TaskManager positions 0..n-1: which one a new or reconnecting TaskManager takes.
 * A TaskManager from a previous ApplicationMaster attempt keeps the position its id names
 * ({@code tm-<k>}) when that one is free, so a reconnected cluster looks as it did.
 */
public final class TaskManagerIndexes {
  private TaskManagerIndexes() {}

  /** The smallest position in [0, n) not in {@code taken}; -1 when all are. */
  public static int firstFree(int n, Collection<Integer> taken) {
    for (int i = 0; i < n; i++) {
      if (!taken.contains(i)) {
        return i;
      }
    }
    return -1;
  }

  /** The position {@code taskManagerId} names if it is free, else the first free one; -1 when none is. */
  public static int forReconnecting(String taskManagerId, int n, Collection<Integer> taken) {
    if (taskManagerId != null && taskManagerId.matches("tm-\\d{1,9}(-r\\d+)?")) {
      String digits = taskManagerId.substring(3).replaceAll("-r\\d+$", "");
      int k = Integer.parseInt(digits);
      if (k < n && !taken.contains(k)) {
        return k;
      }
    }
    return firstFree(n, taken);
  }
}
