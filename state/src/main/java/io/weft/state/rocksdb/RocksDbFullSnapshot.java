package io.weft.state.rocksdb;

import io.weft.core.types.TypeSerializer;
import io.weft.core.types.VarInts;
import io.weft.state.keyed.KeyedSnapshotHeader;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.ttl.TtlValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The asynchronous part of a full RocksDB snapshot: reads a native snapshot (taken by the
 * synchronous part, so later writes are invisible to it) in key group order and writes the rows
 * into a key-grouped file.
 *
 * <pre>
 * key group block := (stateIndex+1:varint row* 0:varint)* 0:varint
 * row             := keyLength+1:varint key-without-key-group valueLength:varint value
 * </pre>
 *
 * Rows of TTL states that expired by the time of the synchronous part are left out.
 */
final class RocksDbFullSnapshot extends RocksDbSnapshot {
  private final List<RocksDbKeyedStateBackend.Column> columns;
  private final Snapshot nativeSnapshot;
  private final long now;

  RocksDbFullSnapshot(RocksDbKeyedStateBackend<?> backend, CheckpointStorage storage, long checkpointId,
      KeyedSnapshotHeader header, List<RocksDbKeyedStateBackend.Column> columns, Snapshot nativeSnapshot, long now) {
    super(backend, storage, checkpointId, header);
    this.columns = columns;
    this.nativeSnapshot = nativeSnapshot;
    this.now = now;
  }

  @Override
  KeyedStateHandle write() throws Exception {
    RocksDB db = backend.database();
    KeyGroupRange range = backend.range();
    List<RocksIterator> iterators = new ArrayList<>();
    try (ReadOptions read = new ReadOptions().setSnapshot(nativeSnapshot);
        CheckpointOutput out = storage.createExclusive(checkpointId, "keyed-rocksdb")) {
      for (RocksDbKeyedStateBackend.Column c : columns) {
        iterators.add(db.newIterator(c.handle, read));
      }
      KeyGroupStreamWriter writer = new KeyGroupStreamWriter(out.stream(), range);
      writer.writeHeader(header::writeTo);
      boolean[] has = new boolean[columns.size()];
      for (int kg = range.first(); kg <= range.last(); kg++) {
        checkNotDiscarded();
        byte[] prefix = KeyBytes.keyGroupPrefix(kg);
        boolean any = false;
        for (int i = 0; i < iterators.size(); i++) {
          RocksIterator it = iterators.get(i);
          it.seek(prefix);
          has[i] = it.isValid() && KeyBytes.startsWith(it.key(), prefix);
          any |= has[i];
        }
        if (any) {
          writer.writeKeyGroup(kg, o -> {
            for (int i = 0; i < iterators.size(); i++) {
              if (has[i]) {
                writeRows(o, i, iterators.get(i), prefix, columns.get(i));
              }
            }
            VarInts.writeVarInt(o, 0);
          });
        }
      }
      long[] offsets = writer.finish();
      CheckpointOutput.Written file = out.closeAndGet();
      return new KeyGroupsStateHandle(range, file.path(), file.size(), offsets);
    } finally {
      for (RocksIterator it : iterators) {
        it.close();
      }
    }
  }

  private void writeRows(DataOutputStream o, int index, RocksIterator it, byte[] prefix,
      RocksDbKeyedStateBackend.Column c) throws IOException {
    VarInts.writeVarInt(o, index + 1);
    for (; it.isValid() && KeyBytes.startsWith(it.key(), prefix); it.next()) {
      byte[] value = it.value();
      if (c.ttlMillis >= 0) {
        value = dropExpired(c, value);
        if (value == null) {
          continue;
        }
      }
      byte[] key = it.key();
      VarInts.writeVarInt(o, key.length - 2 + 1);
      o.write(key, 2, key.length - 2);
      VarInts.writeVarInt(o, value.length);
      o.write(value);
    }
    VarInts.writeVarInt(o, 0);
  }

  /**
   * The row's value without what expired, or null. Every TTL value starts with its 8-byte
   * timestamp; a list is a sequence of such values, which takes the element serializer to split.
   */
  private byte[] dropExpired(RocksDbKeyedStateBackend.Column c, byte[] value) throws IOException {
    if (c.ttlListElements == null) {
      long lastAccess = new DataInputStream(new ByteArrayInputStream(value)).readLong();
      return TtlValue.expired(lastAccess, c.ttlMillis, now) ? null : value;
    }
    @SuppressWarnings("unchecked")
    TypeSerializer<TtlValue<?>> elements = (TypeSerializer<TtlValue<?>>) c.ttlListElements;
    ByteArrayInputStream in = new ByteArrayInputStream(value);
    DataInputStream data = new DataInputStream(in);
    ByteArrayOutputStream kept = new ByteArrayOutputStream(value.length);
    while (in.available() > 0) {
      int start = value.length - in.available();
      TtlValue<?> v = elements.deserialize(data);
      int end = value.length - in.available();
      if (!TtlValue.expired(v.lastAccess(), c.ttlMillis, now)) {
        kept.write(value, start, end - start);
      }
    }
    return kept.size() == 0 ? null : kept.toByteArray();
  }

  @Override
  void releaseResources() {
    backend.releaseNativeSnapshot(nativeSnapshot);
  }
}
