package io.weft.state.heap;

import io.weft.core.types.TypeSerializer;
import io.weft.core.types.VarInts;
import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.ttl.TtlValue;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The asynchronous part of a heap snapshot: writes the key group maps captured by the synchronous
 * part into one key-grouped file in the checkpoint's exclusive directory.
 *
 * <pre>
 * key group block := numStates:varint (stateIndex:varint count:varint length:varint bytes)*
 * bytes           := count times (key, namespace, value), each by its serializer
 * </pre>
 *
 * TTL states leave out what has expired at the time of the synchronous part.
 */
final class HeapSnapshot implements AsyncSnapshot<KeyedStateHandle> {

  /** One state's contribution to the file. */
  interface Part {
    int index();

    /** Writes the entries of a key group; returns how many. */
    int write(int keyGroup, TypeSerializer<Object> keys, long now, DataOutputStream out) throws IOException;
  }

  private final CheckpointStorage storage;
  private final long checkpointId;
  private final KeyGroupRange range;
  private final TypeSerializer<Object> keys;
  private final KeyedSnapshotHeader header;
  private final List<Part> parts;
  private final long now;
  private final Runnable release;
  /** Set by whichever of upload() and discard() comes first; that one releases the copy-on-write epoch. */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile boolean discarded;

  @SuppressWarnings("unchecked")
  HeapSnapshot(CheckpointStorage storage, long checkpointId, KeyGroupRange range, TypeSerializer<?> keys,
      KeyedSnapshotHeader header, List<Part> parts, long now, Runnable release) {
    this.storage = storage;
    this.checkpointId = checkpointId;
    this.range = range;
    this.keys = (TypeSerializer<Object>) keys;
    this.header = header;
    this.parts = parts;
    this.now = now;
    this.release = release;
  }

  @Override
  public KeyedStateHandle upload() throws Exception {
    if (!claimed.compareAndSet(false, true)) {
      throw new CancellationException("snapshot " + checkpointId + " was discarded or already uploaded");
    }
    try (CheckpointOutput out = storage.createExclusive(checkpointId, "keyed-heap")) {
      KeyGroupStreamWriter writer = new KeyGroupStreamWriter(out.stream(), range);
      writer.writeHeader(header::writeTo);
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      DataOutputStream bufferOut = new DataOutputStream(buffer);
      List<int[]> counts = new ArrayList<>();
      List<byte[]> bytes = new ArrayList<>();
      for (int kg = range.first(); kg <= range.last(); kg++) {
        if (discarded) {
          throw new CancellationException("snapshot " + checkpointId + " was discarded");
        }
        counts.clear();
        bytes.clear();
        for (Part p : parts) {
          buffer.reset();
          int n = p.write(kg, keys, now, bufferOut);
          if (n > 0) {
            bufferOut.flush();
            counts.add(new int[] {p.index(), n});
            bytes.add(buffer.toByteArray());
          }
        }
        if (!counts.isEmpty()) {
          writer.writeKeyGroup(kg, o -> {
            VarInts.writeVarInt(o, counts.size());
            for (int i = 0; i < counts.size(); i++) {
              VarInts.writeVarInt(o, counts.get(i)[0]);
              VarInts.writeVarInt(o, counts.get(i)[1]);
              VarInts.writeVarInt(o, bytes.get(i).length);
              o.write(bytes.get(i));
            }
          });
        }
      }
      long[] offsets = writer.finish();
      CheckpointOutput.Written file = out.closeAndGet();
      return new KeyGroupsStateHandle(range, file.path(), file.size(), offsets);
    } finally {
      // Only now may the task change what the upload was reading.
      release.run();
    }
  }

  @Override
  public void discard() {
    discarded = true;
    if (claimed.compareAndSet(false, true)) {
      release.run();
    }
  }

  /** The entries a table held when the snapshot started. */
  @SuppressWarnings("unchecked")
  static Part tablePart(int index, HeapKeyedStateBackend.HeapState<?> state, TypeSerializer<?> values,
      int firstKeyGroup) {
    KeyGroupMap[] maps = state.table().snapshotMaps();
    TypeSerializer<Object> namespaces = (TypeSerializer<Object>) state.spec().namespaceSerializer();
    TypeSerializer<Object> valueSerializer = (TypeSerializer<Object>) values;
    long ttl = state.spec().ttl() == null ? -1 : state.spec().ttl().getTtl().toMillis();
    HeapKeyedStateBackend.Shape shape = state.shape();
    String name = state.spec().name();
    return new Part() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public int write(int keyGroup, TypeSerializer<Object> keys, long now, DataOutputStream out)
          throws IOException {
        KeyGroupMap g = maps[keyGroup - firstKeyGroup];
        if (g == null) {
          return 0;
        }
        int n = 0;
        for (int s = 0; s < g.capacity(); s++) {
          if (g.key(s) == null) {
            continue;
          }
          Object value = g.value(s);
          if (ttl >= 0) {
            value = dropExpired(shape, value, ttl, now);
            if (value == null) {
              continue;
            }
          }
          try {
            keys.serialize(g.key(s), out);
            namespaces.serialize(g.namespace(s), out);
            valueSerializer.serialize(value, out);
          } catch (IOException | RuntimeException ex) {
            throw new IOException("cannot snapshot keyed state '" + name + "': " + ex.getMessage(), ex);
          }
          n++;
        }
        return n;
      }
    };
  }

  /** A restored state nobody registered: its blobs, unchanged. */
  static Part restoredPart(int index, RestoredState state) {
    return new Part() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public int write(int keyGroup, TypeSerializer<Object> keys, long now, DataOutputStream out)
          throws IOException {
        RestoredState.Blob b = state.blob(keyGroup);
        if (b == null) {
          return 0;
        }
        out.write(b.bytes());
        return b.count();
      }
    };
  }

  /** The value without what expired, or null when nothing is left. */
  @SuppressWarnings("unchecked")
  static Object dropExpired(HeapKeyedStateBackend.Shape shape, Object stored, long ttl, long now) {
    switch (shape) {
      case VALUE:
        return TtlValue.expired(((TtlValue<?>) stored).lastAccess(), ttl, now) ? null : stored;
      case LIST: {
        List<TtlValue<?>> list = (List<TtlValue<?>>) stored;
        List<TtlValue<?>> kept = new ArrayList<>(list.size());
        for (TtlValue<?> v : list) {
          if (!TtlValue.expired(v.lastAccess(), ttl, now)) {
            kept.add(v);
          }
        }
        return kept.isEmpty() ? null : kept.size() == list.size() ? stored : kept;
      }
      case MAP: {
        Map<Object, TtlValue<?>> map = (Map<Object, TtlValue<?>>) stored;
        Map<Object, TtlValue<?>> kept = new HashMap<>();
        for (Map.Entry<Object, TtlValue<?>> e : map.entrySet()) {
          if (!TtlValue.expired(e.getValue().lastAccess(), ttl, now)) {
            kept.put(e.getKey(), e.getValue());
          }
        }
        return kept.isEmpty() ? null : kept.size() == map.size() ? stored : kept;
      }
      default:
        throw new AssertionError(shape);
    }
  }
}
