package io.weft.worker.operators;

/**
 * Carries a checked failure of a downstream operator through user-facing interfaces that cannot
 * declare one ({@code Collector.collect}, a context's {@code output}, a reader's output); the
 * task unwraps the cause chain to name the operator that failed.
 */
public final class EmitFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EmitFailedException(Exception cause) {
    super(cause.getMessage(), cause);
  }
}
