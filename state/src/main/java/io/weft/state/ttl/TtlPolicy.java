package io.weft.state.ttl;

import io.weft.api.state.StateTtlConfig;

/** A state's TTL configuration together with the clock it is measured by. */
public final class TtlPolicy {
  private final long ttlMillis;
  private final boolean updateOnRead;
  private final boolean returnExpired;
  private final TtlTimeProvider time;

  public TtlPolicy(StateTtlConfig config, TtlTimeProvider time) {
    this.ttlMillis = config.getTtl().toMillis();
    this.updateOnRead = config.getUpdateType() == StateTtlConfig.UpdateType.OnReadAndWrite;
    this.returnExpired = config.getStateVisibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp;
    this.time = time;
  }

  public long now() {
    return time.currentTimestamp();
  }

  public long ttlMillis() {
    return ttlMillis;
  }

  public boolean expired(TtlValue<?> v, long now) {
    return TtlValue.expired(v.lastAccess(), ttlMillis, now);
  }

  public boolean updateOnRead() {
    return updateOnRead;
  }

  public boolean returnExpired() {
    return returnExpired;
  }
}
