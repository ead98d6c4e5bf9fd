package io.weft.dataplane.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.types.BytesSerializer;
import io.weft.core.types.IntSerializer;
import io.weft.core.types.StringSerializer;
import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.memory.NetworkBufferPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private final NetworkBufferPool pool = new NetworkBufferPool(4096, 256);

  @AfterEach
  void noLeaks() {
    assertEquals(0, pool.destroy(), "leaked segments");
  }

  private MemorySegment segment() throws java.io.IOException, InterruptedException {
    return pool.requestSegments(1, Duration.ZERO).get(0);
  }

  private <T> List<MemorySegment> encode(TypeSerializer<T> serializer, List<T> values) throws Exception {
    List<MemorySegment> out = new ArrayList<>();
    RecordEncoder<T> encoder = new RecordEncoder<>(serializer, this::segment, out::add);
    for (int i = 0; i < values.size(); i++) {
      encoder.write(values.get(i), 1000L + i);
    }
    encoder.flush();
    return out;
  }

  private <T> List<StreamRecord<T>> decode(TypeSerializer<T> serializer, List<MemorySegment> segments)
      throws Exception {
    RecordDecoder<T> decoder = new RecordDecoder<>(serializer, "test-channel");
    List<StreamRecord<T>> out = new ArrayList<>();
    for (MemorySegment s : segments) {
      decoder.setSegment(s);
      StreamRecord<T> r = new StreamRecord<>(null);
      while (decoder.next(r)) {
        out.add(new StreamRecord<>(r.getValue(), r.getTimestamp()));
      }
      s.recycle();
    }
    decoder.checkRecordBoundary();
    return out;
  }

  @Test
  void recordsLargerThanASegmentRoundTrip() throws Exception {
    Random random = new Random(42);
    List<byte[]> values = new ArrayList<>();
    for (int size : new int[] {0, 1, 200, 243, 244, 245, 256, 1000, 100_000, 3, 64 * 1024, 7}) {
      byte[] v = new byte[size];
      random.nextBytes(v);
      values.add(v);
    }
    List<MemorySegment> segments = encode(BytesSerializer.INSTANCE, values);
    assertTrue(segments.size() > 100_000 / 256, "the large records span many segments");
    for (int i = 0; i < segments.size() - 1; i++) {
      assertEquals(256, segments.get(i).length(), "segments are packed full, length prefixes span too");
    }
    List<StreamRecord<byte[]>> back = decode(BytesSerializer.INSTANCE, segments);
    assertEquals(values.size(), back.size());
    for (int i = 0; i < values.size(); i++) {
      assertArrayEquals(values.get(i), back.get(i).getValue(), "record " + i);
      assertEquals(1000L + i, back.get(i).getTimestamp());
    }
  }

  @Test
  void manySmallRecordsWithEveryPossibleSplitPoint() throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add("v" + i + "-".repeat(i % 37) + "é");
    }
    List<StreamRecord<String>> back = decode(StringSerializer.INSTANCE, encode(StringSerializer.INSTANCE, values));
    assertEquals(values.size(), back.size());
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), back.get(i).getValue());
    }
  }

  @Test
  void recordsWithoutATimestampComeBackWithoutOneAndTakeEightBytesLess() throws Exception {
    List<MemorySegment> out = new ArrayList<>();
    RecordEncoder<String> encoder = new RecordEncoder<>(StringSerializer.INSTANCE, this::segment, out::add);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add("v" + i + "-".repeat(i % 37));
      // Every split point of both forms, in place and staged, since the lengths vary with i.
      encoder.write(values.get(i), i % 3 == 0 ? StreamRecord.NO_TIMESTAMP : 1000L + i);
    }
    encoder.flush();
    long bytes = out.stream().mapToLong(MemorySegment::length).sum();
    List<StreamRecord<String>> back = decode(StringSerializer.INSTANCE, out);
    assertEquals(values.size(), back.size());
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), back.get(i).getValue());
      assertEquals(i % 3 == 0 ? StreamRecord.NO_TIMESTAMP : 1000L + i, back.get(i).getTimestamp(), "record " + i);
      assertEquals(i % 3 != 0, back.get(i).hasTimestamp());
    }
    long stampedBytes = encode(StringSerializer.INSTANCE, values).stream().mapToLong(s -> {
      long n = s.length();
      s.recycle();
      return n;
    }).sum();
    assertEquals(stampedBytes - 8L * 667, bytes, "667 records without a timestamp");
  }

  @Test
  void aSerializerFailureLeavesNoPartialRecord() throws Exception {
    List<MemorySegment> out = new ArrayList<>();
    RecordEncoder<String> encoder = new RecordEncoder<>(StringSerializer.INSTANCE, this::segment, out::add);
    encoder.write("before", 1);
    assertThrows(NullPointerException.class, () -> encoder.write(null, 2));
    encoder.write("after", 3);
    encoder.flush();
    List<StreamRecord<String>> back = decode(StringSerializer.INSTANCE, out);
    assertEquals(List.of("before", "after"), back.stream().map(StreamRecord::getValue).toList());
  }

  @Test
  void oversizedRecordsAreRefusedByTheWriter() throws Exception {
    RecordEncoder<byte[]> encoder = new RecordEncoder<>(BytesSerializer.INSTANCE, this::segment, s -> {}, 100);
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> encoder.write(new byte[200], 0));
    assertTrue(e.getMessage().contains("exceeds the maximum record length"), e.getMessage());
    encoder.close();
  }

  // ---- malformed input ----

  private MemorySegment raw(byte[] bytes) throws Exception {
    MemorySegment s = segment();
    s.append(bytes, 0, bytes.length);
    return s;
  }

  private CorruptDataException decodeCorrupt(TypeSerializer<?> serializer, byte[]... segments) throws Exception {
    RecordDecoder<?> decoder = new RecordDecoder<>(serializer, "ch-7", 1 << 20);
    @SuppressWarnings({"rawtypes", "unchecked"})
    StreamRecord target = new StreamRecord<>(null);
    try {
      for (byte[] bytes : segments) {
        MemorySegment s = raw(bytes);
        try {
          decoder.setSegment(s);
          while (decoder.next(target)) {
            // skip good records
          }
        } finally {
          s.recycle();
        }
      }
      decoder.checkRecordBoundary();
    } catch (CorruptDataException e) {
      assertEquals("ch-7", e.channel());
      assertTrue(e.getMessage().contains("ch-7") && e.getMessage().contains("byte offset " + e.offset()),
          e.getMessage());
      return e;
    }
    throw new AssertionError("no CorruptDataException");
  }

  private static byte[] record(int declaredLength, long timestamp, byte[] value) {
    return java.nio.ByteBuffer.allocate(12 + value.length).putInt(declaredLength).putLong(timestamp).put(value).array();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static final byte[] INT_7 = {0, 0, 0, 7};
  private static final byte[] GOOD = record(12, 5, INT_7);

  @Test
  void aCorruptHeaderIsReportedWithItsOffset() throws Exception {
    // -5 sets the no-timestamp bit and leaves a length of 2^31 - 5, far above the maximum.
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, concat(GOOD, record(-5, 0, INT_7)));
    assertEquals(GOOD.length, e.offset());
    assertTrue(e.getMessage().contains("bad record length 2147483643"), e.getMessage());
  }

  @Test
  void aLengthAboveTheMaximumIsReportedWithoutWaitingForTheData() throws Exception {
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, GOOD, concat(GOOD, record(Integer.MAX_VALUE, 0, INT_7)));
    assertEquals(2L * GOOD.length, e.offset(), "offsets count across segments");
    assertTrue(e.getMessage().contains("bad record length"), e.getMessage());
  }

  @Test
  void aLengthTooShortForTheTimestampIsCorrupt() throws Exception {
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, new byte[] {0, 0, 0, 3, 1, 2, 3});
    assertEquals(0, e.offset());
  }

  @Test
  void aTruncatedRecordIsReportedAtTheBoundary() throws Exception {
    byte[] truncated = java.util.Arrays.copyOf(record(12, 1, INT_7), 10);
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, concat(GOOD, truncated));
    assertEquals(GOOD.length, e.offset());
    assertTrue(e.getMessage().contains("truncated record: only 10 of its 16 bytes"), e.getMessage());
  }

  @Test
  void aTruncatedLengthPrefixIsReportedAtTheBoundary() throws Exception {
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, concat(GOOD, new byte[] {0, 0}));
    assertEquals(GOOD.length, e.offset());
    assertTrue(e.getMessage().contains("2 of its 4 length bytes"), e.getMessage());
  }

  @Test
  void aValueShorterThanItsDeclaredLengthIsCorrupt() throws Exception {
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, record(14, 1, new byte[] {0, 0, 0, 7, 9, 9}));
    assertTrue(e.getMessage().contains("declares 14 bytes but its value used only 12"), e.getMessage());
  }

  @Test
  void aValueNeedingMoreThanItsDeclaredLengthIsCorrupt() throws Exception {
    // A string whose varint length claims 50 bytes inside a record of 11 bytes.
    CorruptDataException e = decodeCorrupt(StringSerializer.INSTANCE, record(11, 1, new byte[] {50, 'a', 'b'}));
    assertTrue(e.getMessage().contains("needs more"), e.getMessage());
  }

  @Test
  void aSpanningRecordIsCheckedLikeAnyOther() throws Exception {
    byte[] bad = record(14, 1, new byte[] {0, 0, 0, 7, 9, 9});
    CorruptDataException e = decodeCorrupt(IntSerializer.INSTANCE, java.util.Arrays.copyOf(bad, 5),
        java.util.Arrays.copyOfRange(bad, 5, bad.length));
    assertEquals(0, e.offset());
  }

  @Test
  void theDecoderReleasesEachSegmentWhenItIsDone() throws Exception {
    RecordDecoder<Integer> decoder = new RecordDecoder<>(IntSerializer.INSTANCE, "c");
    MemorySegment s = raw(GOOD);
    decoder.setSegment(s);
    StreamRecord<Integer> r = new StreamRecord<>(null);
    assertTrue(decoder.next(r));
    assertEquals(7, r.getValue());
    assertEquals(5, r.getTimestamp());
    assertFalse(decoder.next(r));
    s.recycle();
    assertEquals(GOOD.length, decoder.offset());
  }
}
