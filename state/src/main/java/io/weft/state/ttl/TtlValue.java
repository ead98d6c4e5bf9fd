package io.weft.state.ttl;

/** A user value and when it was last written (or read, with OnReadAndWrite), in milliseconds. */
public record TtlValue<T>(T value, long lastAccess) {

  /** Whether a value last accessed at {@code lastAccess} has expired at {@code now} (Flink: expiry time <= now). */
  public static boolean expired(long lastAccess, long ttlMillis, long now) {
    long expiresAt = lastAccess + ttlMillis;
    if (expiresAt < lastAccess) {
      expiresAt = Long.MAX_VALUE; // overflow: never
    }
    return expiresAt <= now;
  }
}
