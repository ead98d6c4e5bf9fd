package io.weft.state.snapshot;

import io.weft.core.types.BoundedIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One key-grouped file (see {@link KeyGroupStreamWriter}) and the offset of each of its key
 * groups: a full snapshot of the heap backend, or of RocksDB when incremental checkpoints are off.
 */
public record KeyGroupsStateHandle(KeyGroupRange keyGroupRange, String path, long size, long[] offsets)
    implements KeyedStateHandle {

  public KeyGroupsStateHandle {
    Objects.requireNonNull(keyGroupRange, "keyGroupRange");
    Objects.requireNonNull(path, "path");
    if (offsets.length != keyGroupRange.size()) {
      throw new IllegalArgumentException(offsets.length + " offsets for " + keyGroupRange);
    }
  }

  /** Where key group {@code keyGroup} starts in the file, or -1 when the file holds none of it. */
  public long offset(int keyGroup) {
    if (!keyGroupRange.contains(keyGroup)) {
      throw new IllegalArgumentException("key group " + keyGroup + " is not in " + keyGroupRange);
    }
    return offsets[keyGroup - keyGroupRange.first()];
  }

  @Override
  public long stateSize() {
    return size;
  }

  @Override
  public List<String> privateFiles() {
    return List.of(path);
  }

  @Override
  public List<String> sharedFiles() {
    return List.of();
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(TYPE_KEY_GROUPS);
    keyGroupRange.writeTo(out);
    BoundedIo.writeString(out, path);
    out.writeLong(size);
    for (long o : offsets) {
      out.writeLong(o);
    }
  }

  static KeyGroupsStateHandle readFields(DataInput in) throws IOException {
    KeyGroupRange range = KeyGroupRange.read(in);
    String path = BoundedIo.readString(in, "a snapshot file path");
    long size = BoundedIo.readLong(in, 0, Long.MAX_VALUE, "file size");
    long[] offsets = new long[range.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = BoundedIo.readLong(in, -1, size - 1, "key group offset");
    }
    return new KeyGroupsStateHandle(range, path, size, offsets);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyGroupsStateHandle h && h.keyGroupRange.equals(keyGroupRange) && h.path.equals(path)
        && h.size == size && Arrays.equals(h.offsets, offsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyGroupRange, path, size, Arrays.hashCode(offsets));
  }

  @Override
  public String toString() {
    return "KeyGroupsStateHandle{" + keyGroupRange + ", " + path + ", " + size + " bytes}";
  }
}
