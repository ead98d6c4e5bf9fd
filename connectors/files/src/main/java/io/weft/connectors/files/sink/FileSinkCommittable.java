package io.weft.connectors.files.sink;

import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.api.sink.twophase.PendingFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What the files sink commits: a part file, or (with partition commit) the subtask's event time at
 * the checkpoint's barrier, which the commit publishes for the partition committer.
 */
public record FileSinkCommittable(PendingFile file, long watermark) {
  static FileSinkCommittable of(PendingFile file) {
    return new FileSinkCommittable(file, Long.MIN_VALUE);
  }

  static FileSinkCommittable watermarkAt(long watermark) {
    return new FileSinkCommittable(null, watermark);
  }

  static final CommittableSerializer<FileSinkCommittable> SERIALIZER = new CommittableSerializer<>() {
    private static final long serialVersionUID = 1L;

    @Override
    public int getVersion() {
      return 1;
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
      out.writeLong(c.watermark());
      out.flush();
      return bytes.toByteArray();
    }

    @Override
    public FileSinkCommittable deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("files sink committables of version " + version + " are unknown (this Weft reads 1)");
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
      PendingFile file = in.readBoolean() ? new PendingFile(in.readUTF(), in.readUTF()) : null;
      return new FileSinkCommittable(file, in.readLong());
    }
  };
}
