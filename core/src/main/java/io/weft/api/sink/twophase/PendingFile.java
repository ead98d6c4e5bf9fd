package io.weft.api.sink.twophase;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The committable of a sink that writes files: a closed, hidden in-progress file and the name it
 * becomes visible under, both absolute, so a job restored with the sink pointed at another
 * directory still commits it where it was written. {@link PendingFileCommitter} commits it.
 */
public record PendingFile(String inProgress, String committed) {

  /** The serializer of pending files (version 1: the two paths). */
  public static final CommittableSerializer<PendingFile> SERIALIZER = new Serializer();

  private static final class Serializer implements CommittableSerializer<PendingFile> {
    private static final long serialVersionUID = 1L;

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(PendingFile file) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(file.inProgress());
      out.writeUTF(file.committed());
      out.flush();
      return bytes.toByteArray();
    }

    @Override
    public PendingFile deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("pending files of serializer version " + version + " are unknown (this Weft reads 1)");
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
      return new PendingFile(in.readUTF(), in.readUTF());
    }

    private Object readResolve() {
      return SERIALIZER;
    }
  }
}
