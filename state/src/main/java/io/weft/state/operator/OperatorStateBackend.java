package io.weft.state.operator;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.OperatorStateStore;
import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.VarInts;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.core.types.BoundedIo;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.CorruptStateException;
import io.weft.state.snapshot.UnusableStateException;
import io.weft.state.snapshot.SnapshotFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The operator (non-keyed) state of one subtask: named lists, redistributed on restore by their
 * mode (see {@link OperatorStateRedistributor}). Used from the task thread, except for the upload
 * part of a snapshot.
 *
 * <p>Snapshots serialize the lists on the task thread, into byte arrays the upload then writes:
 * operator state is meant to be small (source offsets, pending transaction ids), and serialized
 * bytes are a copy that later changes by the function cannot reach.
 *
 * <pre>
 * file    := magic:int32 ('WOPS') version:int16 element*
 * element := length:varint bytes crc32(bytes):int32
 * </pre>
 */
public final class OperatorStateBackend implements OperatorStateStore, AutoCloseable {
  static final int MAGIC = 0x574F5053; // "WOPS"
  static final short VERSION = 1;

  private final Map<String, Registered<?>> states = new LinkedHashMap<>();
  /** Restored elements of states not registered yet, serialized. */
  private final Map<String, Restored> restored = new LinkedHashMap<>();
  private boolean restoredFromSnapshot;
  private boolean closed;

  private record Registered<S>(OperatorStateHandle.Mode mode, String valueType, TypeSerializer<S> serializer,
      ListStateImpl<S> list) {}

  private record Restored(OperatorStateHandle.Mode mode, String valueType, List<byte[]> elements) {}

  /** Restores from the handles {@link OperatorStateRedistributor} assigned to this subtask (possibly none). */
  public void restore(Collection<OperatorStateHandle> handles, Configuration hadoopConf) throws IOException {
    if (!states.isEmpty() || restoredFromSnapshot) {
      throw new IllegalStateException("restore() must be called once, before any state is registered");
    }
    restoredFromSnapshot = true;
    for (OperatorStateHandle h : handles) {
      try (FSDataInputStream file = SnapshotFiles.open(h.path(), hadoopConf)) {
        ElementReader reader = new ElementReader(file, h.path(), h.size());
        for (Map.Entry<String, OperatorStateHandle.StateInfo> e : h.states().entrySet()) {
          OperatorStateHandle.StateInfo info = e.getValue();
          Restored r = restored.computeIfAbsent(e.getKey(),
              n -> new Restored(info.mode(), info.valueType(), new ArrayList<>()));
          if (r.mode != info.mode() || !r.valueType.equals(info.valueType())) {
            throw new IllegalStateException("operator state '" + e.getKey() + "' differs between handles");
          }
          for (long offset : info.offsets()) {
            r.elements.add(reader.read(offset));
          }
        }
      }
    }
  }

  /** True when {@link #restore} was called: the job resumed from a checkpoint or savepoint. */
  public boolean isRestored() {
    return restoredFromSnapshot;
  }

  @Override
  public <S> ListState<S> getListState(ListStateDescriptor<S> descriptor) throws Exception {
    return register(descriptor, OperatorStateHandle.Mode.SPLIT);
  }

  @Override
  public <S> ListState<S> getUnionListState(ListStateDescriptor<S> descriptor) throws Exception {
    return register(descriptor, OperatorStateHandle.Mode.UNION);
  }

  @Override
  public Set<String> getRegisteredStateNames() {
    return Collections.unmodifiableSet(states.keySet());
  }

  private <S> ListState<S> register(ListStateDescriptor<S> d, OperatorStateHandle.Mode mode) {
    if (closed) {
      throw new IllegalStateException("the operator state backend is closed");
    }
    if (d.getTtlConfig() != null) {
      throw new IllegalArgumentException("operator state '" + d.getName() + "' cannot have a TTL; only keyed"
          + " state can");
    }
    Registered<?> existing = states.get(d.getName());
    if (existing != null) {
      if (existing.mode != mode) {
        throw new IllegalStateException("operator state '" + d.getName() + "' was registered as " + existing.mode
            + " list state before, now as " + mode);
      }
      @SuppressWarnings("unchecked")
      ListState<S> list = (ListState<S>) existing.list;
      return list;
    }
    TypeSerializer<S> serializer;
    String valueType;
    try {
      serializer = d.getTypeInfo().createSerializer();
      valueType = d.getTypeInfo().toString();
    } catch (InvalidTypeException e) {
      throw new IllegalArgumentException("operator state '" + d.getName() + "' cannot be snapshotted: "
          + e.getMessage(), e);
    }
    ListStateImpl<S> list = new ListStateImpl<>();
    Restored r = restored.remove(d.getName());
    if (r != null) {
      if (r.mode != mode || !r.valueType.equals(valueType)) {
        restored.put(d.getName(), r);
        throw new UnusableStateException("cannot restore operator state '" + d.getName() + "': it was snapshotted as "
            + r.mode + " list of " + r.valueType + " and is now registered as " + mode + " list of " + valueType);
      }
      try {
        for (byte[] bytes : r.elements) {
          list.elements.add(serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes))));
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("cannot read restored operator state '" + d.getName() + "' with the"
            + " serializer of " + valueType + ": " + e, e);
      }
    }
    states.put(d.getName(), new Registered<>(mode, valueType, serializer, list));
    return list;
  }

  /** Copies the lists (task thread) and returns the upload; its handle is null when there is no state. */
  public AsyncSnapshot<OperatorStateHandle> snapshot(long checkpointId, CheckpointStorage storage) {
    if (states.isEmpty() && restored.isEmpty()) {
      return AsyncSnapshot.empty();
    }
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<String, Registered<?>> e : states.entrySet()) {
      parts.add(copy(e.getKey(), e.getValue()));
    }
    for (Map.Entry<String, Restored> e : restored.entrySet()) {
      Restored r = e.getValue();
      parts.add(new Part(e.getKey(), r.mode, r.valueType, new ArrayList<>(r.elements)));
    }
    return new AsyncSnapshot<>() {
      private volatile boolean discarded;

      @Override
      public OperatorStateHandle upload() throws IOException {
        try (CheckpointOutput out = storage.createExclusive(checkpointId, "operator")) {
          DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out.stream(), 64 * 1024));
          data.writeInt(MAGIC);
          data.writeShort(VERSION);
          long position = 6;
          Map<String, OperatorStateHandle.StateInfo> infos = new LinkedHashMap<>();
          CRC32 crc = new CRC32();
          for (Part p : parts) {
            if (discarded) {
              throw new CancellationException("snapshot " + checkpointId + " was discarded");
            }
            long[] offsets = new long[p.elements.size()];
            for (int i = 0; i < offsets.length; i++) {
              byte[] bytes = p.elements.get(i);
              offsets[i] = position;
              VarInts.writeVarInt(data, bytes.length);
              data.write(bytes);
              crc.reset();
              crc.update(bytes);
              data.writeInt((int) crc.getValue());
              position += VarInts.sizeOfVarInt(bytes.length) + bytes.length + 4;
            }
            infos.put(p.name, new OperatorStateHandle.StateInfo(p.mode, p.valueType, offsets));
          }
          data.flush();
          CheckpointOutput.Written f = out.closeAndGet();
          return new OperatorStateHandle(f.path(), f.size(), infos);
        }
      }

      @Override
      public void discard() {
        discarded = true;
      }
    };
  }

  private record Part(String name, OperatorStateHandle.Mode mode, String valueType, List<byte[]> elements) {}

  /** Serializes a registered list now: a copy the upload owns. */
  private static <S> Part copy(String name, Registered<S> r) {
    List<byte[]> elements = new ArrayList<>(r.list.elements.size());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    try {
      for (S e : r.list.elements) {
        buffer.reset();
        r.serializer.serialize(e, out);
        out.flush();
        elements.add(buffer.toByteArray());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot snapshot operator state '" + name + "': " + e.getMessage(), e);
    }
    return new Part(name, r.mode, r.valueType, elements);
  }

  @Override
  public void close() {
    closed = true;
    states.clear();
    restored.clear();
  }

  /** Reads elements by offset, seeking only when they are not consecutive. */
  private static final class ElementReader {
    private final FSDataInputStream file;
    private final String name;
    private final long size;
    private DataInputStream in;
    private long position = -1;

    ElementReader(FSDataInputStream file, String name, long size) throws IOException {
      this.file = file;
      this.name = name;
      this.size = size;
      DataInputStream header = new DataInputStream(file);
      try {
        if (header.readInt() != MAGIC) {
          throw new CorruptStateException(name, 0, "not an operator state file", null);
        }
        short version = header.readShort();
        if (version != VERSION) {
          throw new CorruptStateException(name, 4, "unknown format version " + version, null);
        }
      } catch (EOFException e) {
        throw new CorruptStateException(name, 0, "shorter than its header", e);
      }
    }

    byte[] read(long offset) throws IOException {
      if (offset != position) {
        file.seek(offset);
        in = new DataInputStream(new BufferedInputStream(file, 64 * 1024));
        position = offset;
      }
      try {
        int length = BoundedIo.readCount(in, (int) Math.min(size, Integer.MAX_VALUE - 8), "an element");
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        int stored = in.readInt();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if ((int) crc.getValue() != stored) {
          throw new CorruptStateException(name, offset, "checksum mismatch in the element at this offset", null);
        }
        position = offset + VarInts.sizeOfVarInt(length) + length + 4;
        return bytes;
      } catch (CorruptStateException e) {
        throw e;
      } catch (EOFException e) {
        throw new CorruptStateException(name, offset, "the file ends inside the element at this offset (truncated?)",
            e);
      } catch (IOException e) {
        throw new CorruptStateException(name, offset, "cannot read the element at this offset: " + e, e);
      }
    }
  }

  /** The list of one operator state. */
  private static final class ListStateImpl<S> implements ListState<S> {
    final List<S> elements = new ArrayList<>();

    @Override
    public Iterable<S> get() {
      return elements;
    }

    @Override
    public void add(S value) {
      if (value == null) {
        throw new NullPointerException("ListState does not take null elements");
      }
      elements.add(value);
    }

    @Override
    public void addAll(List<S> values) {
      if (values != null) {
        values.forEach(this::add);
      }
    }

    @Override
    public void update(List<S> values) {
      elements.clear();
      addAll(values);
    }

    @Override
    public void clear() {
      elements.clear();
    }
  }
}
