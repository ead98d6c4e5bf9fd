package io.weft.state.snapshot;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Reads the blocks of a file written by {@link KeyGroupStreamWriter}: the header, and any key
 * group's block by the offset the writer reported. Each read checks the block's tag and CRC, and
 * every failure (truncation, checksum, bytes the payload reader rejects) becomes a {@link
 * CorruptStateException} naming the file and the byte offset where reading stopped.
 *
 * <pre>{@code
 * try (KeyGroupStreamReader r = new KeyGroupStreamReader(storage.open(path), path)) {
 *   Header h = r.readHeader(in -> Header.read(in));
 *   for (int kg : the key groups wanted) {
 *     long offset = handle.offset(kg);
 *     if (offset >= 0) r.readKeyGroup(kg, offset, in -> ...);
 *   }
 * }
 * }</pre>
 *
 * A payload reader must consume exactly what the writer's payload wrote. Not thread-safe.
 */
public final class KeyGroupStreamReader implements Closeable {
  private static final long HEADER_OFFSET = 6;

  /** Reads one block's payload. */
  @FunctionalInterface
  public interface PayloadReader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private final FSDataInputStream file;
  private final String name;
  /**
   * The buffered stream the last block was read through, and the file offset it stands at once that
   * block was read whole (-1: unknown). A restore reads a range of key groups in order, and each
   * starts where the one before ended: reading on from the buffer instead of seeking matters on HDFS,
   * where a seek backwards (into what the buffer had read ahead) makes the client open a new
   * connection to the DataNode, once per key group.
   */
  private InputStream buffered;
  private long bufferedAt = -1;

  /** Checks the magic number and version; {@code name} is the path, for messages. */
  public KeyGroupStreamReader(FSDataInputStream file, String name) throws IOException {
    this.file = file;
    this.name = name;
    try {
      file.seek(0);
      DataInputStream in = new DataInputStream(file);
      int magic;
      short version;
      try {
        magic = in.readInt();
        version = in.readShort();
      } catch (EOFException e) {
        throw new CorruptStateException(name, 0, "shorter than the 6-byte file header", e);
      }
      if (magic != KeyGroupStreamWriter.MAGIC) {
        throw new CorruptStateException(name, 0, "not a key-grouped snapshot file (magic 0x"
            + Integer.toHexString(magic) + ")", null);
      }
      if (version != KeyGroupStreamWriter.VERSION) {
        throw new CorruptStateException(name, 4, "unknown format version " + version + "; this Weft reads "
            + KeyGroupStreamWriter.VERSION, null);
      }
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public <T> T readHeader(PayloadReader<T> reader) throws IOException {
    return block(KeyGroupStreamWriter.HEADER_TAG, HEADER_OFFSET, reader);
  }

  public <T> T readKeyGroup(int keyGroup, long offset, PayloadReader<T> reader) throws IOException {
    if (offset < HEADER_OFFSET) {
      throw new CorruptStateException(name, offset, "invalid offset for key group " + keyGroup, null);
    }
    return block(keyGroup, offset, reader);
  }

  private <T> T block(int tag, long offset, PayloadReader<T> reader) throws IOException {
    String what = tag == KeyGroupStreamWriter.HEADER_TAG ? "the header" : "key group " + tag;
    CountingCrcStream counted;
    try {
      if (buffered == null || bufferedAt != offset) {
        file.seek(offset);
        buffered = new BufferedInputStream(file, KeyGroupStreamWriter.BUFFER);
      }
      bufferedAt = -1; // known again once this block was read whole
      counted = new CountingCrcStream(buffered);
    } catch (EOFException e) {
      throw new CorruptStateException(name, offset, what + " starts past the end of the file", e);
    }
    DataInputStream in = new DataInputStream(counted);
    try {
      int actualTag = in.readInt();
      if (actualTag != tag) {
        throw new CorruptStateException(name, offset, "expected the block of " + what + ", found tag " + actualTag,
            null);
      }
      T result = reader.read(in);
      long expected = counted.crc.getValue();
      int stored = new DataInputStream(counted.unchecked()).readInt();
      if ((int) expected != stored) {
        throw new CorruptStateException(name, offset + counted.count, "checksum mismatch in " + what
            + " (block at offset " + offset + ")", null);
      }
      bufferedAt = offset + counted.count + Integer.BYTES;
      return result;
    } catch (CorruptStateException e) {
      throw e;
    } catch (EOFException e) {
      throw new CorruptStateException(name, offset + counted.count, "the file ends inside " + what
          + " (truncated?)", e);
    } catch (IOException | RuntimeException e) {
      throw new CorruptStateException(name, offset + counted.count, "cannot read " + what + ": " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** Counts the bytes the payload reader consumed and feeds them to the CRC. */
  private static final class CountingCrcStream extends FilterInputStream {
    final CRC32 crc = new CRC32();
    long count;

    CountingCrcStream(InputStream in) {
      super(in);
    }

    /** The stream below, for what the CRC must not cover (the stored CRC itself). */
    InputStream unchecked() {
      return in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        crc.update(b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // A payload reader that skips would leave bytes out of the CRC; read them instead.
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      int r = read(buf, 0, buf.length);
      return Math.max(r, 0);
    }
  }
}
