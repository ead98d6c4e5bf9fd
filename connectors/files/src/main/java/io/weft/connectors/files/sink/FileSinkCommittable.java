package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.api.sink.twophase.PendingFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the files sink commits: a part file; or, with compaction, a part file to be merged from
 * {@code compactedFrom} (in-progress files) at the commit; or (with partition commit) the
 * subtask's event time at the checkpoint's barrier, which the commit publishes for the partition
 * committer.
 */
public record FileSinkCommittable(PendingFile file, List<String> compactedFrom, long watermark) {
  static FileSinkCommittable of(PendingFile file) {
    return new FileSinkCommittable(file, List.of(), Long.MIN_VALUE);
  }

  static FileSinkCommittable compacted(PendingFile into, List<String> from) {
    return new FileSinkCommittable(into, List.copyOf(from), Long.MIN_VALUE);
  }

  static FileSinkCommittable watermarkAt(long watermark) {
    return new FileSinkCommittable(null, List.of(), watermark);
  }

  static final CommittableSerializer<FileSinkCommittable> SERIALIZER = new CommittableSerializer<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public int getVersion() {
      return 2;
    }

    @Override
    public byte[] serialize(FileSinkCommittable c) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeBoolean(c.file() != null);
      if (c.file() != null) {
        out.writeUTF(c.file().inProgress());
        out.writeUTF(c.file().committed());
      }
      out.writeInt(c.compactedFrom().size());
      for (String from : c.compactedFrom()) {
        out.writeUTF(from);
      }
      out.writeLong(c.watermark());
      out.flush();
      return bytes.toByteArray();
    }

    @Override
    public FileSinkCommittable deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1 && version != 2) {
        throw new IOException("files sink committables of version " + version + " are unknown (this Weft reads 1 and 2)");
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
      PendingFile file = in.readBoolean() ? new PendingFile(in.readUTF(), in.readUTF()) : null;
      List<String> from = new ArrayList<>();
      int n = version == 1 ? 0 : in.readInt();
      if (n < 0 || n > 100_000) {
        throw new IOException("corrupt files sink committable: " + n + " files to compact");
      }
      for (int i = 0; i < n; i++) {
        from.add(in.readUTF());
      }
      return new FileSinkCommittable(file, List.copyOf(from), in.readLong());
    }
  };
}
