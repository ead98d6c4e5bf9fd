package io.weft.dataplane.serialization;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.MemorySegment;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes the records of one channel into segments. Each record is a 4-byte big-endian header,
 * then the 8-byte timestamp (only if the record has one) and the value's bytes. The header's low
 * 31 bits are the length of what follows it; its top bit, {@link #UNSTAMPED}, says that no
 * timestamp follows, so records without event time save 8 bytes each. Records are packed back to
 * back and span segments freely (the header too), so a record may be larger than a segment and no
 * space is wasted at segment ends.
 *
 * <p>A record is serialized straight into the current segment; the part that does not fit goes to a
 * heap staging area and is copied into the next segments afterwards. A serializer that fails midway
 * therefore leaves no partial record in the channel: nothing was handed over yet, and the current
 * segment's length has not moved.
 */
public final class RecordEncoder<T> {
  /** Where empty segments come from; may block (that is the writer's backpressure). */
  @FunctionalInterface
  public interface SegmentSource {
    MemorySegment next() throws IOException, InterruptedException;
  }

  /** Where filled segments go, in order. */
  @FunctionalInterface
  public interface SegmentSink {
    void accept(MemorySegment filled) throws IOException;
  }

  /** The header bit of a record without a timestamp. */
  static final int UNSTAMPED = 0x8000_0000;

  /** The default largest record: a corrupt length above it is detected instead of awaited. */
  public static final int DEFAULT_MAX_RECORD_LENGTH = 128 << 20;

  private final TypeSerializer<T> serializer;
  private final SegmentSource source;
  private final SegmentSink sink;
  private final int maxRecordLength;
  private final GrowableDataOutput staging = new GrowableDataOutput(256);
  private final SegmentDataOutput inPlace = new SegmentDataOutput();
  private MemorySegment current;
  /** The current segment's whole memory, for writing in place. */
  private ByteBuffer currentMemory;

  public RecordEncoder(TypeSerializer<T> serializer, SegmentSource source, SegmentSink sink) {
    this(serializer, source, sink, DEFAULT_MAX_RECORD_LENGTH);
  }

  public RecordEncoder(TypeSerializer<T> serializer, SegmentSource source, SegmentSink sink, int maxRecordLength) {
    this.serializer = serializer;
    this.source = source;
    this.sink = sink;
    this.maxRecordLength = maxRecordLength;
  }

  public void write(T value, long timestamp) throws IOException, InterruptedException {
    if (current == null) {
      current = source.next();
      currentMemory = current.free().clear();
    }
    int start = current.length();
    if (current.size() - start < 4) {
      writeStaged(value, timestamp);
      return;
    }
    // In place: the record goes into the current segment, whatever does not fit into staging.
    // The segment's length moves only once the record is complete, so a failure leaves nothing.
    boolean stamped = timestamp != StreamRecord.NO_TIMESTAMP;
    staging.reset();
    inPlace.reset(currentMemory, start + 4, staging);
    if (stamped) {
      inPlace.writeLong(timestamp);
    }
    serializer.serialize(value, inPlace);
    int length = checkLength((long) inPlace.position() - start - 4 + staging.size());
    currentMemory.putInt(start, header(length, stamped));
    current.setLength(inPlace.position());
    if (current.remaining() == 0) {
      emit();
    }
    copyOut(staging.array(), 0, staging.size());
  }

  /** The whole record through staging: when not even its length fits in the current segment. */
  private void writeStaged(T value, long timestamp) throws IOException, InterruptedException {
    boolean stamped = timestamp != StreamRecord.NO_TIMESTAMP;
    staging.reset();
    staging.writeInt(0); // the header, patched below
    if (stamped) {
      staging.writeLong(timestamp);
    }
    serializer.serialize(value, staging);
    staging.putInt(0, header(checkLength(staging.size() - 4L), stamped));
    copyOut(staging.array(), 0, staging.size());
  }

  private static int header(int length, boolean stamped) {
    return stamped ? length : length | UNSTAMPED;
  }

  private int checkLength(long length) throws IOException {
    if (length > maxRecordLength) {
      throw new IOException("record of " + length + " bytes exceeds the maximum record length of "
          + maxRecordLength + " bytes");
    }
    return (int) length;
  }

  /** Appends bytes after the current segment's valid ones, continuing in new segments. */
  private void copyOut(byte[] bytes, int off, int n) throws IOException, InterruptedException {
    int end = off + n;
    while (off < end) {
      if (current == null) {
        current = source.next();
        currentMemory = current.free().clear();
      }
      int k = Math.min(current.remaining(), end - off);
      current.append(bytes, off, k);
      off += k;
      if (current.remaining() == 0) {
        emit();
      }
    }
  }

  /** Hands over the partly filled segment, if any: on buffer timeout and before every event. */
  public void flush() throws IOException {
    if (current != null && current.length() > 0) {
      emit();
    }
  }

  /** Returns the current segment unsent (the channel is being torn down). */
  public void close() {
    if (current != null) {
      MemorySegment s = current;
      current = null;
      currentMemory = null;
      s.recycle();
    }
  }

  private void emit() throws IOException {
    MemorySegment s = current;
    current = null;
    currentMemory = null;
    sink.accept(s);
  }
}
