package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.PendingFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small files waiting, per bucket, to be merged (compaction across checkpoints). Each checkpoint a
 * bucket's new files below the target size join its buffer, which is handed over as one merge
 * once it holds the target size, once the bucket got nothing new in a checkpoint, after {@link
 * FileSink.Compaction#maxCheckpoints} checkpoints, or at the end of the input. Buffered files are
 * closed, hidden, and in the writer's state, so a restore keeps them.
 */
final class CompactionBuffers {
  /** Files waiting in one bucket, and for how many checkpoints. */
  private static final class Buffer {
    final List<PartFile.Closed> files = new ArrayList<>();
    long size;
    int checkpoints;
  }

  private final FileSink.Compaction<?> config;
  private final Map<String, Buffer> buffers = new LinkedHashMap<>();

  CompactionBuffers(FileSink.Compaction<?> config) {
    this.config = config;
  }

  /** What one checkpoint hands over: files as they are, and groups to merge, per bucket. */
  record Handover(List<PendingFile> asIs, Map<String, List<PendingFile>> merges) {}

  Handover checkpoint(Map<String, List<PartFile.Closed>> rolled, boolean endOfInput) {
    List<PendingFile> asIs = new ArrayList<>();
    Map<String, List<PendingFile>> merges = new LinkedHashMap<>();
    Set<String> buckets = new HashSet<>(buffers.keySet());
    buckets.addAll(rolled.keySet());
    for (String bucket : buckets) {
      Buffer buffer = buffers.computeIfAbsent(bucket, b -> new Buffer());
      boolean added = false;
      for (PartFile.Closed f : rolled.getOrDefault(bucket, List.of())) {
        if (f.size() >= config.targetSize()) {
          asIs.add(f.file());
        } else {
          buffer.files.add(f);
          buffer.size += f.size();
          added = true;
        }
      }
      buffer.checkpoints++;
      if (endOfInput || !added || buffer.size >= config.targetSize() || buffer.checkpoints >= config.maxCheckpoints()) {
        buffers.remove(bucket);
        if (buffer.files.size() == 1) {
          asIs.add(buffer.files.get(0).file());
        } else if (buffer.files.size() > 1) {
          merges.put(bucket, buffer.files.stream().map(PartFile.Closed::file).toList());
        }
      }
    }
    return new Handover(asIs, merges);
  }

  /** Buckets holding buffered files, whose data is not committed yet. */
  Set<String> waitingBuckets() {
    return buffers.keySet();
  }

  /** Paths of the buffered files: a restore must not retract them. */
  Set<String> paths() {
    Set<String> paths = new HashSet<>();
    buffers.values().forEach(b -> b.files.forEach(f -> paths.add(f.file().inProgress())));
    return paths;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(buffers.size());
    for (Map.Entry<String, Buffer> e : buffers.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().checkpoints);
      out.writeInt(e.getValue().files.size());
      for (PartFile.Closed f : e.getValue().files) {
        out.writeUTF(f.file().inProgress());
        out.writeUTF(f.file().committed());
        out.writeLong(f.size());
      }
    }
  }

  /** Adds the buffers a restored state held (several old subtasks' may share a bucket). */
  void read(DataInputStream in) throws IOException {
    int n = in.readInt();
    check(n);
    for (int i = 0; i < n; i++) {
      Buffer buffer = buffers.computeIfAbsent(in.readUTF(), b -> new Buffer());
      buffer.checkpoints = Math.max(buffer.checkpoints, in.readInt());
      int files = in.readInt();
      check(files);
      for (int j = 0; j < files; j++) {
        PartFile.Closed f = new PartFile.Closed(new PendingFile(in.readUTF(), in.readUTF()), in.readLong());
        buffer.files.add(f);
        buffer.size += f.size();
      }
    }
  }

  private static void check(int n) throws IOException {
    if (n < 0 || n > 1_000_000) {
      throw new IOException("corrupt files sink state: " + n + " compaction entries");
    }
  }

  /** Drops buffers that a restore found no files for (nothing to merge). */
  void clearEmpty() {
    for (Iterator<Buffer> it = buffers.values().iterator(); it.hasNext(); ) {
      if (it.next().files.isEmpty()) {
        it.remove();
      }
    }
  }
}
