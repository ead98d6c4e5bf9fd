package io.weft.state.ttl;

import io.weft.api.state.MapState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A map whose entries expire one by one, over a map of timestamped values. Iterations return a
 * copy of the visible entries; expired entries found on the way are removed.
 */
public final class TtlMapState<UK, UV> implements MapState<UK, UV> {
  private final MapState<UK, TtlValue<UV>> inner;
  private final TtlPolicy ttl;

  public TtlMapState(MapState<UK, TtlValue<UV>> inner, TtlPolicy ttl) {
    this.inner = inner;
    this.ttl = ttl;
  }

  /** The entry of {@code key} as a read sees it: expired entries are removed, live ones may be refreshed. */
  private TtlValue<UV> read(UK key) throws Exception {
    TtlValue<UV> v = inner.get(key);
    if (v == null) {
      return null;
    }
    long now = ttl.now();
    if (ttl.expired(v, now)) {
      inner.remove(key);
      return ttl.returnExpired() ? v : null;
    }
    if (ttl.updateOnRead()) {
      inner.put(key, new TtlValue<>(v.value(), now));
    }
    return v;
  }

  @Override
  public UV get(UK key) throws Exception {
    TtlValue<UV> v = read(key);
    return v == null ? null : v.value();
  }

  @Override
  public boolean contains(UK key) throws Exception {
    return read(key) != null;
  }

  @Override
  public void put(UK key, UV value) throws Exception {
    inner.put(key, new TtlValue<>(value, ttl.now()));
  }

  @Override
  public void putAll(Map<UK, UV> map) throws Exception {
    long now = ttl.now();
    for (Map.Entry<UK, UV> e : map.entrySet()) {
      inner.put(e.getKey(), new TtlValue<>(e.getValue(), now));
    }
  }

  @Override
  public void remove(UK key) throws Exception {
    inner.remove(key);
  }

  @Override
  public Iterable<Map.Entry<UK, UV>> entries() throws Exception {
    long now = ttl.now();
    List<Map.Entry<UK, UV>> visible = new ArrayList<>();
    List<UK> expired = new ArrayList<>();
    List<Map.Entry<UK, UV>> refreshed = new ArrayList<>();
    for (Map.Entry<UK, TtlValue<UV>> e : inner.entries()) {
      TtlValue<UV> v = e.getValue();
      if (ttl.expired(v, now)) {
        expired.add(e.getKey());
        if (!ttl.returnExpired()) {
          continue;
        }
      }
      Map.Entry<UK, UV> entry = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), v.value());
      visible.add(entry);
      if (ttl.updateOnRead() && !ttl.expired(v, now)) {
        refreshed.add(entry);
      }
    }
    // Changed after the iteration: the inner iteration may be over the live map.
    for (UK k : expired) {
      inner.remove(k);
    }
    for (Map.Entry<UK, UV> e : refreshed) {
      inner.put(e.getKey(), new TtlValue<>(e.getValue(), now));
    }
    return visible;
  }

  @Override
  public Iterable<UK> keys() throws Exception {
    List<UK> keys = new ArrayList<>();
    entries().forEach(e -> keys.add(e.getKey()));
    return keys;
  }

  @Override
  public Iterable<UV> values() throws Exception {
    List<UV> values = new ArrayList<>();
    entries().forEach(e -> values.add(e.getValue()));
    return values;
  }

  @Override
  public boolean isEmpty() throws Exception {
    return !entries().iterator().hasNext();
  }

  @Override
  public void clear() {
    inner.clear();
  }
}
