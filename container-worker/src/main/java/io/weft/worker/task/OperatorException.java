package io.weft.worker.task;

/** An operator of a chain failed; names the operator so the job's failure says where. */
public final class OperatorException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String operatorName;

  public OperatorException(String operatorName, Throwable cause) {
    super("operator '" + operatorName + "' failed: " + cause, cause);
    this.operatorName = operatorName;
  }

  /** A failure while the operator processed an element of input {@code side} (1 or 2) of a two-input operator. */
  public OperatorException(String operatorName, int side, Throwable cause) {
    super("operator '" + operatorName + "' failed on input " + side + ": " + cause, cause);
    this.operatorName = operatorName;
  }

  public String operatorName() {
    return operatorName;
  }

  /**
   * A failure in one line: the operator that failed (when it is known), the exception's type and
   * message, and each cause's. The type is always there: the message alone of an
   * {@code OutOfMemoryError} ("Java heap space") does not say what happened.
   */
  public static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t instanceof OperatorException ? t.getMessage() : t.toString());
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    seen.add(t);
    for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
      String m = c.toString();
      if (!b.toString().contains(m)) {
        b.append("; caused by ").append(m);
      }
    }
    return b.toString();
  }

  /** Wraps {@code t} unless it already names its operator. */
  static RuntimeException wrap(String operatorName, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OperatorException oe) {
        return oe;
      }
    }
    return new OperatorException(operatorName, t);
  }

  /** Wraps {@code t} unless it already names its operator, naming the input it came from. */
  static RuntimeException wrap(String operatorName, int side, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OperatorException oe) {
        return oe;
      }
    }
    return new OperatorException(operatorName, side, t);
  }
}
