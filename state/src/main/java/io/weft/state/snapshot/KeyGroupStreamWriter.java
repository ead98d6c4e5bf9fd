package io.weft.state.snapshot;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes a key-grouped stream: a file cut into blocks, one header and then one per key group, so
 * that a reader can seek to the key groups it owns (possibly a different range than the writer's,
 * after rescaling) and skip the rest. Keyed state snapshots use it, and so can timers.
 *
 * <pre>
 * file   := magic:int32 ('WKGS') version:int16 header block*
 * header := tag:int32 = -1, payload, crc:int32
 * block  := tag:int32 = key group, payload, crc:int32     (ascending key groups, each at most once)
 * </pre>
 *
 * The payloads are the caller's; the CRC-32 covers tag and payload, so a reader detects damage
 * without understanding them. Use:
 *
 * <pre>{@code
 * KeyGroupStreamWriter w = new KeyGroupStreamWriter(out, range);
 * w.writeHeader(h -> ...);                        // exactly once, first
 * w.writeKeyGroup(kg, o -> ...);                  // for the key groups that have data, ascending
 * long[] offsets = w.finish();                    // offsets[kg - range.first()], -1 = not written
 * }</pre>
 *
 * The offsets go into the state handle; {@link KeyGroupStreamReader} reads blocks back by offset.
 * The writer does not close the underlying stream. Not thread-safe.
 */
public final class KeyGroupStreamWriter {
  static final int MAGIC = 0x574B4753; // "WKGS"
  static final short VERSION = 1;
  static final int HEADER_TAG = -1;
  static final int BUFFER = 64 * 1024;

  /** Writes one block's payload. */
  @FunctionalInterface
  public interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  private final KeyGroupRange range;
  private final CountingCrcStream counted;
  private final DataOutputStream out;
  private final long[] offsets;
  private boolean headerWritten;
  private int lastKeyGroup = -1;

  public KeyGroupStreamWriter(OutputStream target, KeyGroupRange range) throws IOException {
    this.range = range;
    this.counted = new CountingCrcStream(new BufferedOutputStream(target, BUFFER));
    this.out = new DataOutputStream(counted);
    this.offsets = new long[range.size()];
    Arrays.fill(offsets, -1);
    out.writeInt(MAGIC);
    out.writeShort(VERSION);
  }

  public void writeHeader(Payload payload) throws IOException {
    if (headerWritten) {
      throw new IllegalStateException("the header is written once, before the key groups");
    }
    headerWritten = true;
    block(HEADER_TAG, payload);
  }

  public void writeKeyGroup(int keyGroup, Payload payload) throws IOException {
    if (!headerWritten) {
      throw new IllegalStateException("write the header before the key groups");
    }
    if (!range.contains(keyGroup) || keyGroup <= lastKeyGroup) {
      throw new IllegalArgumentException("key group " + keyGroup + " is not in " + range
          + " or not after the last one written (" + lastKeyGroup + ")");
    }
    lastKeyGroup = keyGroup;
    offsets[keyGroup - range.first()] = counted.count;
    block(keyGroup, payload);
  }

  private void block(int tag, Payload payload) throws IOException {
    counted.crc.reset();
    out.writeInt(tag);
    payload.write(out);
    int crc = (int) counted.crc.getValue();
    out.writeInt(crc);
  }

  /** The bytes written so far. */
  public long position() {
    return counted.count;
  }

  /** Flushes and returns the offset of every key group of the range, -1 for those not written. */
  public long[] finish() throws IOException {
    if (!headerWritten) {
      throw new IllegalStateException("a key-grouped stream needs a header");
    }
    out.flush();
    return offsets.clone();
  }

  /** Counts the bytes and feeds them to a CRC; above the buffer, so it sees exactly what the caller wrote. */
  private static final class CountingCrcStream extends FilterOutputStream {
    final CRC32 crc = new CRC32();
    long count;

    CountingCrcStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crc.update(b, off, len);
      count += len;
    }
  }
}
