package io.weft.state.ttl;

import io.weft.api.state.ListState;
import java.util.ArrayList;
import java.util.List;

/** A list whose elements expire one by one, over a list of timestamped elements. */
public final class TtlListState<E> implements ListState<E> {
  private final ListState<TtlValue<E>> inner;
  private final TtlPolicy ttl;

  public TtlListState(ListState<TtlValue<E>> inner, TtlPolicy ttl) {
    this.inner = inner;
    this.ttl = ttl;
  }

  @Override
  public Iterable<E> get() throws Exception {
    long now = ttl.now();
    List<E> result = new ArrayList<>();
    List<TtlValue<E>> keep = new ArrayList<>();
    boolean changed = false;
    for (TtlValue<E> v : inner.get()) {
      if (ttl.expired(v, now)) {
        changed = true;
        if (ttl.returnExpired()) {
          result.add(v.value());
        }
      } else {
        result.add(v.value());
        if (ttl.updateOnRead()) {
          keep.add(new TtlValue<>(v.value(), now));
          changed = true;
        } else {
          keep.add(v);
        }
      }
    }
    if (changed) {
      inner.update(keep);
    }
    return result;
  }

  @Override
  public void add(E value) throws Exception {
    if (value == null) {
      throw new NullPointerException("ListState does not take null elements");
    }
    inner.add(new TtlValue<>(value, ttl.now()));
  }

  @Override
  public void addAll(List<E> values) throws Exception {
    inner.addAll(wrap(values));
  }

  @Override
  public void update(List<E> values) throws Exception {
    inner.update(values == null ? null : wrap(values));
  }

  private List<TtlValue<E>> wrap(List<E> values) {
    long now = ttl.now();
    List<TtlValue<E>> wrapped = new ArrayList<>(values.size());
    for (E e : values) {
      if (e == null) {
        throw new NullPointerException("ListState does not take null elements");
      }
      wrapped.add(new TtlValue<>(e, now));
    }
    return wrapped;
  }

  @Override
  public void clear() {
    inner.clear();
  }
}
