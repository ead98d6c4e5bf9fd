package io.weft.dataplane.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.EndOfData;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void eventsRoundTrip() throws Exception {
    assertEquals(new Watermark(-3), EventCodec.decode(EventCodec.encode(new Watermark(-3)), "c"));
    assertEquals(Watermark.MAX, EventCodec.decode(EventCodec.encode(Watermark.MAX), "c"));
    assertSame(EndOfPartition.INSTANCE, EventCodec.decode(EventCodec.encode(EndOfPartition.INSTANCE), "c"));
    assertSame(EndOfData.INSTANCE, EventCodec.decode(EventCodec.encode(EndOfData.INSTANCE), "c"));
    assertTrue(EventCodec.isEvent(EndOfData.INSTANCE));
    CheckpointBarrier b = new CheckpointBarrier(17, 123456789L);
    assertEquals(b, EventCodec.decode(EventCodec.encode(b), "c"));
    assertTrue(EventCodec.encode(b).length <= EventCodec.MAX_LENGTH);
    CheckpointBarrier savepoint = new CheckpointBarrier(18, 5, "hdfs://nn:8020/savepoints/savepoint-é-18", true);
    assertEquals(savepoint, EventCodec.decode(EventCodec.encode(savepoint), "c"));
    CheckpointBarrier longest = new CheckpointBarrier(19, 5, "x".repeat(CheckpointBarrier.MAX_SAVEPOINT_PATH_BYTES), false);
    assertEquals(EventCodec.MAX_LENGTH, EventCodec.encode(longest).length);
    assertEquals(longest, EventCodec.decode(EventCodec.encode(longest), "c"));
    assertSame(WatermarkStatus.IDLE, EventCodec.decode(EventCodec.encode(WatermarkStatus.IDLE), "c"));
    assertSame(WatermarkStatus.ACTIVE, EventCodec.decode(EventCodec.encode(WatermarkStatus.ACTIVE), "c"));
  }

  @Test
  void unknownTagsAndWrongLengthsAreCorrupt() {
    CorruptDataException unknown = assertThrows(CorruptDataException.class,
        () -> EventCodec.decode(new byte[] {42}, "ch-3"));
    assertTrue(unknown.getMessage().contains("ch-3") && unknown.getMessage().contains("unknown event tag 42"));
    CorruptDataException truncated = assertThrows(CorruptDataException.class,
        () -> EventCodec.decode(new byte[] {EventCodec.WATERMARK, 0, 0}, "ch-3"));
    assertEquals(3, truncated.offset());
    assertThrows(CorruptDataException.class, () -> EventCodec.decode(new byte[0], "ch-3"));
    assertThrows(CorruptDataException.class, () -> EventCodec.decode(new byte[] {EventCodec.END_OF_PARTITION, 0}, "c"));
    assertThrows(CorruptDataException.class, () -> EventCodec.decode(new byte[] {EventCodec.WATERMARK_STATUS, 2}, "c"));
    byte[] savepoint = EventCodec.encode(new CheckpointBarrier(1, 2, "/sp", false));
    assertThrows(CorruptDataException.class,
        () -> EventCodec.decode(java.util.Arrays.copyOf(savepoint, savepoint.length - 1), "c"));
    assertThrows(CorruptDataException.class, () -> EventCodec.decode(java.util.Arrays.copyOf(savepoint, 19), "c"));
    assertThrows(IllegalArgumentException.class,
        () -> new CheckpointBarrier(1, 2, "x".repeat(CheckpointBarrier.MAX_SAVEPOINT_PATH_BYTES + 1), false));
  }

  @Test
  void nonEventsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> EventCodec.encode("hello"));
  }
}
