package io.weft.worker.task;

import io.weft.state.snapshot.CorruptStateException;
import io.weft.state.snapshot.UnusableStateException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which failures a restart can cure. A restart reads the same checkpoint and loads the same
 * classes, so state that is corrupt ({@link CorruptStateException}) or does not fit the job
 * ({@link UnusableStateException}) and a class that does not load fail it again, forever under an
 * unlimited restart strategy. Everything else (lost connections, a full disk, user code that
 * failed on one record) may pass, and restarts.
 */
public final class FailureKinds {
  private FailureKinds() {}

  public static boolean isRecoverable(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof CorruptStateException || t instanceof UnusableStateException
          || t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
        return false;
      }
    }
    return true;
  }
}
