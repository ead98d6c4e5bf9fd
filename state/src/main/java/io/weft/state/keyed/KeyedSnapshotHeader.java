package io.weft.state.keyed;

import io.weft.core.types.BoundedIo;
import io.weft.core.types.VarInts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a keyed state snapshot file (the header block of a key-grouped stream): which
 * backend format the key group blocks use, and the states in the order the blocks refer to them.
 *
 * <pre>
 * header := format:byte version:int16 numStates:varint StateMeta*
 * </pre>
 */
public record KeyedSnapshotHeader(int format, List<StateMeta> states) {
  /** Key group blocks hold (key, namespace, value) entries written with the states' serializers. */
  public static final int FORMAT_HEAP = 1;
  /** Key group blocks hold RocksDB rows: (key bytes without key group, value bytes). */
  public static final int FORMAT_ROCKSDB = 2;
  public static final short VERSION = 1;
  public static final int MAX_STATES = 1 << 16;

  public KeyedSnapshotHeader {
    states = List.copyOf(states);
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(format);
    out.writeShort(VERSION);
    VarInts.writeVarInt(out, states.size());
    for (StateMeta m : states) {
      m.writeTo(out);
    }
  }

  public static KeyedSnapshotHeader read(DataInput in) throws IOException {
    int format = in.readByte();
    if (format != FORMAT_HEAP && format != FORMAT_ROCKSDB) {
      throw new IOException("unknown keyed snapshot format " + format);
    }
    short version = in.readShort();
    if (version != VERSION) {
      throw new IOException("unknown keyed snapshot header version " + version + "; this Weft reads " + VERSION);
    }
    int n = BoundedIo.readCount(in, MAX_STATES, "the number of states");
    List<StateMeta> states = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      states.add(StateMeta.read(in));
    }
    return new KeyedSnapshotHeader(format, states);
  }

  /** The name of a format, for messages. */
  public static String formatName(int format) {
    return format == FORMAT_HEAP ? "heap (state.backend: hashmap)" : "RocksDB (state.backend: rocksdb)";
  }
}
