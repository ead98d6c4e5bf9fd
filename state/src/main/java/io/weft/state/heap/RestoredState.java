package io.weft.state.heap;

import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.StateMeta;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.TreeMap;

/**
 * A restored state that no one has registered yet. Its entries stay serialized, one blob per key
 * group, because only the registration brings the serializers (a snapshot names the value type but
 * cannot rebuild its serializer). A snapshot taken before the registration writes the blobs back
 * unchanged, so state survives a restart during which it was not touched.
 */
final class RestoredState {
  /** The serialized entries of one key group: {@code count} times (key, namespace, value). */
  record Blob(int count, byte[] bytes, String source) {}

  private final StateMeta meta;
  private final TreeMap<Integer, Blob> blobs = new TreeMap<>();

  RestoredState(StateMeta meta) {
    this.meta = meta;
  }

  StateMeta meta() {
    return meta;
  }

  void add(int keyGroup, Blob blob) throws IOException {
    if (blobs.putIfAbsent(keyGroup, blob) != null) {
      throw new IOException("key group " + keyGroup + " of state '" + meta.name() + "' is in more than one handle");
    }
  }

  /** Entries in all key groups, read from the blobs' headers. */
  int count() {
    return blobs.values().stream().mapToInt(Blob::count).sum();
  }

  Blob blob(int keyGroup) {
    return blobs.get(keyGroup);
  }

  @SuppressWarnings("unchecked")
  <K, V> void loadInto(StateTable<K, V> table, TypeSerializer<K> keys, TypeSerializer<?> namespaces,
      TypeSerializer<V> values) {
    for (var e : blobs.entrySet()) {
      Blob blob = e.getValue();
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob.bytes()));
      try {
        for (int i = 0; i < blob.count(); i++) {
          K key = keys.deserialize(in);
          Object namespace = namespaces.deserialize(in);
          V value = values.deserialize(in);
          table.putRestored(e.getKey(), key, namespace, value);
        }
        if (in.available() > 0) {
          throw new IOException(in.available() + " bytes left over after the last entry");
        }
      } catch (IOException | RuntimeException ex) {
        throw new IllegalStateException("cannot read restored keyed state '" + meta.name() + "' of key group "
            + e.getKey() + " from " + blob.source() + " with the serializers it is registered with: " + ex, ex);
      }
    }
    blobs.clear();
  }
}
