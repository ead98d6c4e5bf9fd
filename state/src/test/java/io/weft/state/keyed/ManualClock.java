package io.weft.state.keyed;

import io.weft.state.ttl.TtlTimeProvider;

/** A TTL clock that tests move by hand. */
public final class ManualClock implements TtlTimeProvider {
  private volatile long now;

  public ManualClock(long start) {
    this.now = start;
  }

  @Override
  public long currentTimestamp() {
    return now;
  }

  public void advance(long millis) {
    now += millis;
  }
}
