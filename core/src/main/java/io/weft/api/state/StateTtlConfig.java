package io.weft.api.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state entries, with Flink's semantics: an entry expires {@link #getTtl()}
 * after its last update (or last read, with {@link UpdateType#OnReadAndWrite}), measured in
 * processing time. Expired entries are dropped when they are accessed and are left out of full
 * snapshots. List state expires per element, map state per user key. Enable it on a descriptor with
 * {@link StateDescriptor#enableTimeToLive(StateTtlConfig)}.
 */
public final class StateTtlConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** When an entry's time to live starts again. */
  public enum UpdateType {
    /** On creation and every write. */
    OnCreateAndWrite,
    /** On creation, every write and every read. */
    OnReadAndWrite
  }

  /** Whether a read may still return an entry that has expired but is not yet removed. */
  public enum StateVisibility {
    NeverReturnExpired,
    /** An expired entry is returned once, by the read that removes it. */
    ReturnExpiredIfNotCleanedUp
  }

  /** The time TTL is measured in; only processing time, as in Flink. */
  public enum TtlTimeCharacteristic {
    ProcessingTime
  }

  private final Duration ttl;
  private final UpdateType updateType;
  private final StateVisibility stateVisibility;

  private StateTtlConfig(Duration ttl, UpdateType updateType, StateVisibility stateVisibility) {
    this.ttl = ttl;
    this.updateType = updateType;
    this.stateVisibility = stateVisibility;
  }

  /** A builder with Flink's defaults: OnCreateAndWrite, NeverReturnExpired. */
  public static Builder newBuilder(Duration ttl) {
    return new Builder(ttl);
  }

  public Duration getTtl() {
    return ttl;
  }

  public UpdateType getUpdateType() {
    return updateType;
  }

  public StateVisibility getStateVisibility() {
    return stateVisibility;
  }

  public TtlTimeCharacteristic getTtlTimeCharacteristic() {
    return TtlTimeCharacteristic.ProcessingTime;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateTtlConfig c && c.ttl.equals(ttl) && c.updateType == updateType
        && c.stateVisibility == stateVisibility;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttl, updateType, stateVisibility);
  }

  @Override
  public String toString() {
    return "StateTtlConfig{ttl=" + ttl + ", updateType=" + updateType + ", visibility=" + stateVisibility + "}";
  }

  /** Builds a {@link StateTtlConfig}. */
  public static final class Builder {
    private final Duration ttl;
    private UpdateType updateType = UpdateType.OnCreateAndWrite;
    private StateVisibility stateVisibility = StateVisibility.NeverReturnExpired;

    private Builder(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.toMillis() <= 0) {
        throw new IllegalArgumentException("a state TTL must be at least 1 ms, not " + ttl);
      }
      this.ttl = ttl;
    }

    public Builder setUpdateType(UpdateType updateType) {
      this.updateType = Objects.requireNonNull(updateType, "updateType");
      return this;
    }

    public Builder updateTtlOnCreateAndWrite() {
      return setUpdateType(UpdateType.OnCreateAndWrite);
    }

    public Builder updateTtlOnReadAndWrite() {
      return setUpdateType(UpdateType.OnReadAndWrite);
    }

    public Builder setStateVisibility(StateVisibility stateVisibility) {
      this.stateVisibility = Objects.requireNonNull(stateVisibility, "stateVisibility");
      return this;
    }

    public Builder neverReturnExpired() {
      return setStateVisibility(StateVisibility.NeverReturnExpired);
    }

    public Builder returnExpiredIfNotCleanedUp() {
      return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
    }

    public StateTtlConfig build() {
      return new StateTtlConfig(ttl, updateType, stateVisibility);
    }
  }
}
