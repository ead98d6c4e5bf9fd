package io.weft.core.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _metadata} file of a completed checkpoint: which checkpoint it is, and for every
 * subtask the description of its state that the subtask acknowledged (opaque here; the state layer
 * reads it). Binary, versioned, with every length checked before anything is allocated, so a
 * corrupt file fails with its offset instead of an OutOfMemoryError.
 */
public record CheckpointMetadata(String jobId, long checkpointId, long timestamp, List<SubtaskState> subtasks) {
  public static final byte[] MAGIC = "WEFTCKPT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int MAX_STATE_BYTES = 64 << 20;
  /** The longest savepoint directory, in UTF-8 bytes: it travels in every savepoint barrier. */
  public static final int MAX_SAVEPOINT_PATH_BYTES = 1024;
  private static final int MAX_SUBTASKS = 1 << 20;

  /** One subtask's acknowledged state. */
  public record SubtaskState(int vertexId, int subtaskIndex, int parallelism, byte[] state) {}

  public CheckpointMetadata {
    subtasks = List.copyOf(subtasks);
  }

  public void writeTo(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(jobId);
    out.writeLong(checkpointId);
    out.writeLong(timestamp);
    out.writeInt(subtasks.size());
    for (SubtaskState s : subtasks) {
      out.writeInt(s.vertexId());
      out.writeInt(s.subtaskIndex());
      out.writeInt(s.parallelism());
      out.writeInt(s.state().length);
      out.write(s.state());
    }
    out.flush();
  }

  /**
   * Reads a metadata file.
   *
   * @throws IOException naming {@code source} and the offset where the file is wrong or ends early
   */
  public static CheckpointMetadata read(InputStream stream, String source) throws IOException {
    CountingInput counting = new CountingInput(stream);
    DataInputStream in = new DataInputStream(counting);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw corrupt(source, 0, "not a Weft checkpoint metadata file (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw corrupt(source, counting.position - 4, "unsupported metadata version " + version);
      }
      String jobId = in.readUTF();
      long checkpointId = in.readLong();
      long timestamp = in.readLong();
      int n = in.readInt();
      if (n < 0 || n > MAX_SUBTASKS) {
        throw corrupt(source, counting.position - 4, "subtask count " + n + " is out of range");
      }
      List<SubtaskState> subtasks = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        int vertexId = in.readInt();
        int subtask = in.readInt();
        int parallelism = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > MAX_STATE_BYTES) {
          throw corrupt(source, counting.position - 4, "state length " + length + " is out of range");
        }
        byte[] state = new byte[length];
        in.readFully(state);
        subtasks.add(new SubtaskState(vertexId, subtask, parallelism, state));
      }
      if (in.read() != -1) {
        throw corrupt(source, counting.position - 1, "unexpected bytes after the last subtask");
      }
      return new CheckpointMetadata(jobId, checkpointId, timestamp, subtasks);
    } catch (EOFException e) {
      throw corrupt(source, counting.position, "the file ends early");
    }
  }

  private static IOException corrupt(String source, long offset, String what) {
    return new IOException("corrupt checkpoint metadata " + source + " at offset " + offset + ": " + what);
  }

  /** Counts the bytes read, so errors can say where. */
  private static final class CountingInput extends java.io.FilterInputStream {
    long position;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        position++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }
}
