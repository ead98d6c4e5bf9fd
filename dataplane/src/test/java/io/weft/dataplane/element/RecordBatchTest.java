package io.weft.dataplane.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordBatchTest {
  @Test
  void elementsWithoutTimestampsReadBackAsUnstamped() {
    RecordBatch batch = new RecordBatch(3);
    assertFalse(batch.add("a", StreamRecord.NO_TIMESTAMP));
    assertFalse(batch.add("b", StreamRecord.NO_TIMESTAMP));
    assertTrue(batch.add("c", StreamRecord.NO_TIMESTAMP));
    for (int i = 0; i < 3; i++) {
      assertEquals(StreamRecord.NO_TIMESTAMP, batch.timestamp(i));
    }
    assertEquals("b", batch.value(1));
  }

  @Test
  void aTimestampAfterUnstampedElementsLeavesTheEarlierOnesUnstamped() {
    RecordBatch batch = new RecordBatch(4);
    batch.add("a", StreamRecord.NO_TIMESTAMP);
    batch.add("b", StreamRecord.NO_TIMESTAMP);
    batch.add("c", 42L);
    batch.add("d", StreamRecord.NO_TIMESTAMP);
    assertEquals(StreamRecord.NO_TIMESTAMP, batch.timestamp(0));
    assertEquals(StreamRecord.NO_TIMESTAMP, batch.timestamp(1));
    assertEquals(42L, batch.timestamp(2));
    assertEquals(StreamRecord.NO_TIMESTAMP, batch.timestamp(3));
    assertEquals(4, batch.size());
    assertTrue(batch.isFull());
  }
}
