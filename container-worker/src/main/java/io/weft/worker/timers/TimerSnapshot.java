package io.weft.worker.timers;

import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeSerializer;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.core.types.BoundedIo;
import io.weft.state.snapshot.CheckpointOutput;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.CorruptStateException;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyGroupStreamReader;
import io.weft.state.snapshot.KeyGroupStreamWriter;
import io.weft.state.snapshot.KeyGroupsStateHandle;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotFiles;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

/**
 * The timers of a keyed operator subtask in a checkpoint: a key-grouped file ({@link
 * KeyGroupStreamWriter}), so that timers go with their keys' state when a job is restored at another
 * parallelism. The header holds the watermark the timers were taken at.
 *
 * <pre>
 * header := keySerializer:string namespaceSerializer:string watermark:int64
 * block  := count:int32 (timestamp:int64 key namespace)*   event-time timers
 *           count:int32 (timestamp:int64 key namespace)*   processing-time timers
 * </pre>
 */
public final class TimerSnapshot {
  /** More timers than this in one key group is taken for a damaged file. */
  private static final int MAX_TIMERS_PER_KEY_GROUP = 1 << 28;

  private TimerSnapshot() {}

  /** The timers at one checkpoint, copied on the task thread. */
  public record Copy<K>(long watermark, List<TimerService.Timer<K>> event, List<TimerService.Timer<K>> processing) {}

  /** What a restore read: the timers of the wanted key groups and the lowest watermark of the files read. */
  public record Restored<K>(long watermark, List<TimerService.Timer<K>> event,
      List<TimerService.Timer<K>> processing) {}

  /** The upload of {@code copy}; its handle is null when there are no timers. */
  public static <K> AsyncSnapshot<KeyedStateHandle> upload(Copy<K> copy, long checkpointId, CheckpointStorage storage,
      KeyGroupRange range, int maxParallelism, TypeSerializer<K> keys, TypeSerializer<Object> namespaces) {
    if (copy.event().isEmpty() && copy.processing().isEmpty()) {
      return AsyncSnapshot.empty();
    }
    return new AsyncSnapshot<>() {
      private volatile boolean discarded;

      @Override
      public KeyedStateHandle upload() throws IOException {
        Map<Integer, List<List<TimerService.Timer<K>>>> byKeyGroup = new TreeMap<>();
        group(copy.event(), 0, byKeyGroup);
        group(copy.processing(), 1, byKeyGroup);
        try (CheckpointOutput out = storage.createExclusive(checkpointId, "timers")) {
          KeyGroupStreamWriter writer = new KeyGroupStreamWriter(out.stream(), range);
          writer.writeHeader(h -> {
            BoundedIo.writeString(h, keys.getClass().getName());
            BoundedIo.writeString(h, namespaces.getClass().getName());
            h.writeLong(copy.watermark());
          });
          for (Map.Entry<Integer, List<List<TimerService.Timer<K>>>> e : byKeyGroup.entrySet()) {
            if (discarded) {
              throw new CancellationException("timer snapshot " + checkpointId + " was discarded");
            }
            writer.writeKeyGroup(e.getKey(), o -> {
              writeTimers(o, e.getValue().get(0), keys, namespaces);
              writeTimers(o, e.getValue().get(1), keys, namespaces);
            });
          }
          long[] offsets = writer.finish();
          CheckpointOutput.Written f = out.closeAndGet();
          return new KeyGroupsStateHandle(range, f.path(), f.size(), offsets);
        }
      }

      private void group(List<TimerService.Timer<K>> timers, int clock,
          Map<Integer, List<List<TimerService.Timer<K>>>> byKeyGroup) {
        for (TimerService.Timer<K> t : timers) {
          int kg = KeyGroups.keyGroupFor(t.key(), maxParallelism);
          byKeyGroup.computeIfAbsent(kg, k -> List.of(new ArrayList<>(), new ArrayList<>())).get(clock).add(t);
        }
      }

      @Override
      public void discard() {
        discarded = true;
      }
    };
  }

  private static <K> void writeTimers(DataOutputStream out, List<TimerService.Timer<K>> timers, TypeSerializer<K> keys,
      TypeSerializer<Object> namespaces) throws IOException {
    out.writeInt(timers.size());
    for (TimerService.Timer<K> t : timers) {
      out.writeLong(t.timestamp());
      keys.serialize(t.key(), out);
      namespaces.serialize(t.namespace(), out);
    }
  }

  /**
   * Reads the timers of the key groups in {@code range} from every handle that overlaps it; the
   * watermark is the lowest of the files read (Long.MIN_VALUE when none), so no subtask's input
   * that was not late before the failure is late after it.
   */
  public static <K> Restored<K> read(List<KeyedStateHandle> handles, KeyGroupRange range, TypeSerializer<K> keys,
      TypeSerializer<Object> namespaces, org.apache.hadoop.conf.Configuration hadoopConf) throws IOException {
    List<TimerService.Timer<K>> event = new ArrayList<>();
    List<TimerService.Timer<K>> processing = new ArrayList<>();
    long watermark = Long.MAX_VALUE;
    boolean any = false;
    for (KeyedStateHandle h : handles) {
      if (!(h instanceof KeyGroupsStateHandle handle)) {
        throw new IOException("timers are kept in key-grouped files, not in " + h);
      }
      KeyGroupRange overlap = handle.keyGroupRange().intersect(range);
      if (overlap.isEmpty()) {
        continue;
      }
      try (KeyGroupStreamReader reader = new KeyGroupStreamReader(SnapshotFiles.open(handle.path(), hadoopConf),
          handle.path())) {
        long fileWatermark = reader.readHeader(in -> {
          String keyType = BoundedIo.readString(in, "a key serializer");
          String namespaceType = BoundedIo.readString(in, "a namespace serializer");
          if (!keyType.equals(keys.getClass().getName()) || !namespaceType.equals(namespaces.getClass().getName())) {
            throw new IllegalStateException("cannot restore timers written with " + keyType + " and " + namespaceType
                + ": the operator now uses " + keys.getClass().getName() + " and " + namespaces.getClass().getName());
          }
          return in.readLong();
        });
        watermark = Math.min(watermark, fileWatermark);
        any = true;
        for (int kg = overlap.first(); kg <= overlap.last(); kg++) {
          long offset = handle.offset(kg);
          if (offset >= 0) {
            reader.readKeyGroup(kg, offset, in -> {
              readTimers(in, event, keys, namespaces, handle.path());
              readTimers(in, processing, keys, namespaces, handle.path());
              return null;
            });
          }
        }
      }
    }
    return new Restored<>(any ? watermark : Long.MIN_VALUE, event, processing);
  }

  private static <K> void readTimers(DataInputStream in, List<TimerService.Timer<K>> into, TypeSerializer<K> keys,
      TypeSerializer<Object> namespaces, String path) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_TIMERS_PER_KEY_GROUP) {
      throw new CorruptStateException(path, -1, "a key group of " + n + " timers", null);
    }
    for (int i = 0; i < n; i++) {
      long timestamp = in.readLong();
      K key = keys.deserialize(in);
      Object namespace = namespaces.deserialize(in);
      into.add(new TimerService.Timer<>(timestamp, key, namespace));
    }
  }
}
