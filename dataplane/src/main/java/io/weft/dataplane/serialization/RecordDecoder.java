package io.weft.dataplane.serialization;

import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.MemorySegment;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads back what a {@link RecordEncoder} wrote, one segment at a time. A record that lies wholly
 * inside a segment is deserialized in place; a record that spans segments is gathered into a heap
 * array first, so the decoder never holds on to a segment the caller has moved past.
 *
 * <p>Every record must use exactly the bytes its length declares: fewer or more means the stream
 * is corrupt (a {@link CorruptDataException} naming the channel and the offset), never a silent
 * resynchronization on garbage.
 */
public final class RecordDecoder<T> {
  private static final int TIMESTAMP_BYTES = 8;

  private final TypeSerializer<T> serializer;
  private final String channel;
  private final int maxRecordLength;
  private final SegmentDataInput input = new SegmentDataInput();

  private ByteBuffer view;
  private int pos;
  private int limit;
  /** Offset in the channel's stream of byte 0 of the current segment. */
  private long segmentStart;

  /** The record being gathered across segments: -1 while its length is not yet known. */
  private int recordLength = -1;
  /** Whether the current record carries a timestamp. */
  private boolean stamped;
  private long recordOffset;
  private final byte[] lengthBytes = new byte[4];
  private int lengthFilled;
  private byte[] spill = new byte[256];
  private int spillFilled;

  public RecordDecoder(TypeSerializer<T> serializer, String channel) {
    this(serializer, channel, RecordEncoder.DEFAULT_MAX_RECORD_LENGTH);
  }

  public RecordDecoder(TypeSerializer<T> serializer, String channel, int maxRecordLength) {
    this.serializer = serializer;
    this.channel = channel;
    this.maxRecordLength = maxRecordLength;
  }

  /** Starts on the next segment of the channel; the previous one must have been read to its end. */
  public void setSegment(MemorySegment segment) {
    if (view != null) {
      throw new IllegalStateException("channel " + channel + ": the previous segment still holds records");
    }
    view = segment.data();
    pos = 0;
    limit = segment.length();
  }

  /**
   * Reads the next record into {@code target}. Returns false when the current segment holds no
   * further complete record; the decoder then no longer uses it and the caller may recycle it.
   */
  public boolean next(StreamRecord<T> target) throws IOException {
    if (view == null) {
      return false;
    }
    if (recordLength < 0 && !readLength()) {
      return segmentDone();
    }
    if (spillFilled == 0 && limit - pos >= recordLength) {
      input.reset(view, pos, recordLength);
      pos += recordLength;
      decode(target);
      return true;
    }
    int take = Math.min(limit - pos, recordLength - spillFilled);
    if (spill.length < spillFilled + take) {
      // Grows with the bytes that actually arrived, never straight to a (possibly corrupt) length.
      spill = Arrays.copyOf(spill, Math.max(spillFilled + take, Math.min(recordLength, 2 * spill.length)));
    }
    view.get(pos, spill, spillFilled, take);
    pos += take;
    spillFilled += take;
    if (spillFilled < recordLength) {
      return segmentDone();
    }
    input.reset(ByteBuffer.wrap(spill), 0, recordLength);
    spillFilled = 0;
    decode(target);
    return true;
  }

  /**
   * Checks that no record was left half-read, as the channel ends or an event arrives (writers
   * flush whole records before any event). A partial record there means truncated data.
   */
  public void checkRecordBoundary() throws CorruptDataException {
    if (recordLength >= 0 || lengthFilled > 0) {
      String have = recordLength >= 0
          ? (4 + spillFilled) + " of its " + (4 + recordLength) + " bytes"
          : lengthFilled + " of its 4 length bytes";
      throw new CorruptDataException(channel, recordOffset, "truncated record: only " + have + " arrived", null);
    }
  }

  /** Bytes of the channel consumed so far. */
  public long offset() {
    return segmentStart + pos;
  }

  private boolean readLength() throws CorruptDataException {
    if (lengthFilled == 0) {
      recordOffset = segmentStart + pos;
      if (limit - pos >= 4) {
        setHeader(view.getInt(pos));
        pos += 4;
        return true;
      }
    }
    while (lengthFilled < 4 && pos < limit) {
      lengthBytes[lengthFilled++] = view.get(pos++);
    }
    if (lengthFilled < 4) {
      return false;
    }
    lengthFilled = 0;
    setHeader(ByteBuffer.wrap(lengthBytes).getInt());
    return true;
  }

  private void setHeader(int header) throws CorruptDataException {
    stamped = (header & RecordEncoder.UNSTAMPED) == 0;
    int n = header & ~RecordEncoder.UNSTAMPED;
    int min = stamped ? TIMESTAMP_BYTES : 0;
    if (n < min || n > maxRecordLength) {
      throw new CorruptDataException(channel, recordOffset, "bad record length " + n + " (must be " + min + ".."
          + maxRecordLength + (stamped ? " with" : " without") + " a timestamp)", null);
    }
    recordLength = n;
  }

  private boolean segmentDone() {
    segmentStart += limit;
    view = null;
    pos = 0;
    limit = 0;
    return false;
  }

  private void decode(StreamRecord<T> target) throws CorruptDataException {
    int declared = recordLength;
    recordLength = -1;
    try {
      long timestamp = stamped ? input.readLong() : StreamRecord.NO_TIMESTAMP;
      T value = serializer.deserialize(input);
      if (input.remaining() != 0) {
        throw new CorruptDataException(channel, recordOffset, "record declares " + declared
            + " bytes but its value used only " + (declared - input.remaining()), null);
      }
      target.replace(value, timestamp);
    } catch (EOFException e) {
      throw new CorruptDataException(channel, recordOffset, "record declares " + declared
          + " bytes but its value needs more (truncated or corrupt)", e);
    } catch (CorruptDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Serializers may fail in many ways on garbage (bad varint, negative size): all are corruption.
      throw new CorruptDataException(channel, recordOffset, "record of " + declared
          + " bytes does not deserialize: " + e, e);
    }
  }
}
