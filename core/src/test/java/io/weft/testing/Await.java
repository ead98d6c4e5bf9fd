package io.weft.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way tests wait: for a condition to hold or a value to appear, polling, with a deadline
 * that only bounds a hang (never a timed assertion). A failure says what was awaited. Shared by
 * every module through the core test-jar.
 */
public final class Await {
  /**
   * How long a test waits when it does not say: long enough for a slow shared machine. At load 30
   * to 40 on two cores, work of a second or two on a quiet machine took over 30 s (a Kafka
   * consumer's first records, a job's first checkpoint); the deadline only bounds a hang.
   */
  public static final Duration DEFAULT = Duration.ofSeconds(120);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  /** A condition; what it throws fails the wait. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A probe that returns null (or throws) until its value exists. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  private Await() {}

  /** Waits until {@code condition} holds, at most {@link #DEFAULT}. */
  public static void until(String what, Condition condition) {
    until(what, DEFAULT, condition);
  }

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, Condition condition) {
    value(what, timeout, () -> condition.holds() ? Boolean.TRUE : null);
  }

  /**
   * Waits until {@code probe} returns a value other than null, and returns it. A probe that throws
   * fails the wait at once: an error is an answer, not a reason to try again (a probe that expects
   * transient errors catches them itself).
   */
  public static <T> T value(String what, Duration timeout, Probe<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value;
      try {
        value = probe.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("failed while waiting until " + what + ": " + e, e);
      }
      if (value != null) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what);
      }
    }
  }
}
