package io.weft.dataplane.serialization;

import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.EndOfData;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of the events that travel between records: a tag byte, then the event's fields,
 * big-endian. Each tag has exactly one length, so any other length is corruption; a checkpoint
 * barrier may add a savepoint's stop flag (a byte) and path (short length, UTF-8), which must then
 * fill the rest exactly.
 */
public final class EventCodec {
  /** No event is longer than this; the transport rejects longer event frames unread. */
  public static final int MAX_LENGTH = 20 + CheckpointBarrier.MAX_SAVEPOINT_PATH_BYTES;

  static final byte WATERMARK = 1;
  static final byte END_OF_PARTITION = 2;
  static final byte CHECKPOINT_BARRIER = 3;
  static final byte WATERMARK_STATUS = 4;
  static final byte END_OF_DATA = 5;

  private EventCodec() {}

  public static boolean isEvent(Object o) {
    return o instanceof Watermark || o instanceof EndOfPartition || o instanceof CheckpointBarrier
        || o instanceof WatermarkStatus || o instanceof EndOfData;
  }

  public static byte[] encode(Object event) {
    if (event instanceof Watermark w) {
      return ByteBuffer.allocate(9).put(WATERMARK).putLong(w.timestamp()).array();
    }
    if (event instanceof EndOfPartition) {
      return new byte[] {END_OF_PARTITION};
    }
    if (event instanceof EndOfData) {
      return new byte[] {END_OF_DATA};
    }
    if (event instanceof CheckpointBarrier b) {
      byte[] path = b.isSavepoint() ? b.savepointPath().getBytes(StandardCharsets.UTF_8) : null;
      ByteBuffer buffer = ByteBuffer.allocate(path == null ? 17 : 20 + path.length)
          .put(CHECKPOINT_BARRIER).putLong(b.checkpointId()).putLong(b.timestamp());
      if (path != null) {
        buffer.put((byte) (b.stop() ? 1 : 0)).putShort((short) path.length).put(path);
      }
      return buffer.array();
    }
    if (event instanceof WatermarkStatus s) {
      return new byte[] {WATERMARK_STATUS, (byte) (s.idle() ? 1 : 0)};
    }
    throw new IllegalArgumentException("not a transport event: " + event);
  }

  public static Object decode(byte[] bytes, String channel) throws CorruptDataException {
    if (bytes.length == 0) {
      throw new CorruptDataException(channel, 0, "empty event", null);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte tag = b.get();
    switch (tag) {
      case WATERMARK:
        expect(bytes, 9, "watermark", channel);
        return new Watermark(b.getLong());
      case END_OF_PARTITION:
        expect(bytes, 1, "end of partition", channel);
        return EndOfPartition.INSTANCE;
      case END_OF_DATA:
        expect(bytes, 1, "end of data", channel);
        return EndOfData.INSTANCE;
      case CHECKPOINT_BARRIER:
        return decodeBarrier(b, bytes, channel);
      case WATERMARK_STATUS:
        expect(bytes, 2, "watermark status", channel);
        byte idle = b.get();
        if (idle != 0 && idle != 1) {
          throw new CorruptDataException(channel, 1, "watermark status must be 0 or 1, not " + idle, null);
        }
        return idle == 1 ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE;
      default:
        throw new CorruptDataException(channel, 0, "unknown event tag " + tag, null);
    }
  }

  private static CheckpointBarrier decodeBarrier(ByteBuffer b, byte[] bytes, String channel)
      throws CorruptDataException {
    if (bytes.length == 17) {
      return new CheckpointBarrier(b.getLong(), b.getLong());
    }
    if (bytes.length < 20) {
      expect(bytes, 17, "checkpoint barrier", channel);
    }
    long id = b.getLong();
    long timestamp = b.getLong();
    byte stop = b.get();
    if (stop != 0 && stop != 1) {
      throw new CorruptDataException(channel, 17, "savepoint stop flag must be 0 or 1, not " + stop, null);
    }
    int pathLength = b.getShort() & 0xFFFF;
    if (pathLength == 0 || pathLength > CheckpointBarrier.MAX_SAVEPOINT_PATH_BYTES) {
      throw new CorruptDataException(channel, 18, "savepoint path of " + pathLength + " bytes", null);
    }
    expect(bytes, 20 + pathLength, "savepoint barrier", channel);
    return new CheckpointBarrier(id, timestamp, new String(bytes, 20, pathLength, StandardCharsets.UTF_8), stop == 1);
  }

  private static void expect(byte[] bytes, int length, String what, String channel) throws CorruptDataException {
    if (bytes.length != length) {
      throw new CorruptDataException(channel, Math.min(bytes.length, length),
          what + " event has " + bytes.length + " bytes, expected " + length, null);
    }
  }
}
