package io.weft.state.snapshot;

/**
 * Restored state that the job cannot use as it is declared now (a state registered with another
 * kind, TTL or type than it was snapshotted with). Reading it again cannot help: a restart fails the
 * same way, so the job fails once with this reason instead.
 */
public final class UnusableStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnusableStateException(String message) {
    super(message);
  }
}
