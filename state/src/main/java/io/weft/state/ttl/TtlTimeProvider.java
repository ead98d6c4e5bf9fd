package io.weft.state.ttl;

/** The processing-time clock of state TTL; tests pass a manual one instead of sleeping. */
@FunctionalInterface
public interface TtlTimeProvider {
  TtlTimeProvider SYSTEM = System::currentTimeMillis;

  /** Milliseconds since the epoch. */
  long currentTimestamp();
}
