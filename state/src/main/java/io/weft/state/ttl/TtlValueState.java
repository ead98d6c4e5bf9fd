package io.weft.state.ttl;

import io.weft.api.state.ValueState;

/** A value with a time to live, over a state that stores it with its timestamp. */
public final class TtlValueState<T> implements ValueState<T> {
  private final ValueState<TtlValue<T>> inner;
  private final TtlPolicy ttl;

  public TtlValueState(ValueState<TtlValue<T>> inner, TtlPolicy ttl) {
    this.inner = inner;
    this.ttl = ttl;
  }

  @Override
  public T value() throws Exception {
    TtlValue<T> v = inner.value();
    if (v == null) {
      return null;
    }
    long now = ttl.now();
    if (ttl.expired(v, now)) {
      inner.clear();
      return ttl.returnExpired() ? v.value() : null;
    }
    if (ttl.updateOnRead()) {
      inner.update(new TtlValue<>(v.value(), now));
    }
    return v.value();
  }

  @Override
  public void update(T value) throws Exception {
    if (value == null) {
      clear();
    } else {
      inner.update(new TtlValue<>(value, ttl.now()));
    }
  }

  @Override
  public void clear() {
    inner.clear();
  }
}
