package io.weft.state.keyed;

import io.weft.api.state.StateTtlConfig;
import io.weft.core.types.TypeSerializer;

/**
 * What a backend needs to create the storage of one state: its metadata, its namespace
 * serializer, and its TTL (null when none). TTL itself is applied above the backend; a backend
 * only uses it to leave expired entries out of snapshots.
 */
public record StateSpec<N>(StateMeta meta, TypeSerializer<N> namespaceSerializer, StateTtlConfig ttl) {
  public String name() {
    return meta.name();
  }
}
