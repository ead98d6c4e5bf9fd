package io.weft.api.functions;

import io.weft.core.config.Configuration;

/** A {@link SubtaskInfo} for tests that create readers and writers without a runtime. */
public final class TestSubtasks {
  private TestSubtasks() {}

  public static SubtaskInfo of(int index, int parallelism) {
    return of(index, parallelism, 0);
  }

  public static SubtaskInfo of(int index, int parallelism, int attempt) {
    return of(index, parallelism, attempt, false);
  }

  /** With {@code finalCheckpoint}, as in a STREAMING job with checkpoints, which ends with a final checkpoint. */
  public static SubtaskInfo of(int index, int parallelism, int attempt, boolean finalCheckpoint) {
    return new SubtaskInfo() {
      @Override
      public boolean endsWithFinalCheckpoint() {
        return finalCheckpoint;
      }

      @Override
      public int subtaskIndex() {
        return index;
      }

      @Override
      public int parallelism() {
        return parallelism;
      }

      @Override
      public Configuration configuration() {
        return new Configuration();
      }

      @Override
      public int attemptNumber() {
        return attempt;
      }
    };
  }
}
