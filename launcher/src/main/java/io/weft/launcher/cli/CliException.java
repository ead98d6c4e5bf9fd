package io.weft.launcher.cli;

/**
 * A mistake of the user's (a bad flag, a missing jar, ...) or a command this build cannot run.
 * The CLI prints only the message, which should say what to do, and exits with {@link #EXIT_CODE}.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int EXIT_CODE = 2;

  public CliException(String message) {
    super(message);
  }
}
