package io.weft.state.operator;

import io.weft.core.types.VarInts;
import io.weft.core.types.BoundedIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The operator state of one subtask in a checkpoint: a file and, per state, where each of its
 * list elements starts. Because every element is addressed on its own, the JobManager can
 * redistribute elements to another parallelism by handing out handles to the same file with
 * fewer offsets ({@link OperatorStateRedistributor}), without rewriting files.
 */
public record OperatorStateHandle(String path, long size, Map<String, StateInfo> states) {
  public static final int MAX_STATES = 1 << 16;

  /** How a state's elements are redistributed on restore. */
  public enum Mode {
    /** Even split: contiguous runs of the concatenated elements. */
    SPLIT(1),
    /** Every subtask gets every element. */
    UNION(2);

    final int code;

    Mode(int code) {
      this.code = code;
    }

    static Mode ofCode(int code) throws IOException {
      for (Mode m : values()) {
        if (m.code == code) {
          return m;
        }
      }
      throw new IOException("corrupt input: unknown operator state mode " + code);
    }
  }

  /** One state in the file: its mode, element type (for checks on restore) and element offsets. */
  public record StateInfo(Mode mode, String valueType, long[] offsets) {
    public StateInfo {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(valueType, "valueType");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StateInfo s && s.mode == mode && s.valueType.equals(valueType)
          && Arrays.equals(s.offsets, offsets);
    }

    @Override
    public int hashCode() {
      return Objects.hash(mode, valueType, Arrays.hashCode(offsets));
    }

    @Override
    public String toString() {
      return mode + " " + valueType + " x" + offsets.length;
    }
  }

  public OperatorStateHandle {
    Objects.requireNonNull(path, "path");
    states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  public void writeTo(DataOutput out) throws IOException {
    BoundedIo.writeString(out, path);
    out.writeLong(size);
    VarInts.writeVarInt(out, states.size());
    for (Map.Entry<String, StateInfo> e : states.entrySet()) {
      BoundedIo.writeString(out, e.getKey());
      out.writeByte(e.getValue().mode().code);
      BoundedIo.writeString(out, e.getValue().valueType());
      long[] offsets = e.getValue().offsets();
      VarInts.writeVarInt(out, offsets.length);
      for (long o : offsets) {
        out.writeLong(o);
      }
    }
  }

  public static OperatorStateHandle read(DataInput in) throws IOException {
    String path = BoundedIo.readString(in, "an operator state file path");
    long size = BoundedIo.readLong(in, 0, Long.MAX_VALUE, "file size");
    int n = BoundedIo.readCount(in, MAX_STATES, "the number of operator states");
    Map<String, StateInfo> states = new LinkedHashMap<>();
    // An element takes at least 5 bytes (length and checksum), which bounds the offsets per file.
    int maxOffsets = (int) Math.min(Integer.MAX_VALUE - 8, size / 5 + 1);
    for (int i = 0; i < n; i++) {
      String name = BoundedIo.readString(in, "an operator state name");
      Mode mode = Mode.ofCode(in.readByte());
      String valueType = BoundedIo.readString(in, "a value type");
      int count = BoundedIo.readCount(in, maxOffsets, "the number of elements of operator state '" + name + "'");
      long[] offsets = new long[count];
      for (int k = 0; k < count; k++) {
        offsets[k] = BoundedIo.readLong(in, 0, size - 1, "element offset");
      }
      states.put(name, new StateInfo(mode, valueType, offsets));
    }
    return new OperatorStateHandle(path, size, states);
  }

  @Override
  public String toString() {
    return "OperatorStateHandle{" + path + ", " + states + "}";
  }
}
