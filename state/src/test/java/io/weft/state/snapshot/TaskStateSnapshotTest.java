package io.weft.state.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary form of a subtask's state: the finished flag, and snapshots written before it. */
class TaskStateSnapshotTest {

  @Test
  void theFinishedFlagRoundTripsAlsoForAnOperatorWithoutState() throws Exception {
    TaskStateSnapshot written = new TaskStateSnapshot(List.of(
        new TaskStateSnapshot.OperatorState(1, "src", null, new byte[] {7}, null, null, true),
        new TaskStateSnapshot.OperatorState(2, null, null, null, null, null, true),
        new TaskStateSnapshot.OperatorState(3, null, null, new byte[] {8})));
    List<TaskStateSnapshot.OperatorState> read = TaskStateSnapshot.fromBytes(written.toBytes()).operators();
    assertEquals(3, read.size());
    assertTrue(read.get(0).finished());
    assertArrayEquals(new byte[] {7}, read.get(0).operatorState());
    assertEquals("src", read.get(0).uid());
    assertTrue(read.get(1).finished());
    assertFalse(read.get(1).hasState());
    assertFalse(read.get(2).finished());
    assertTrue(read.get(2).hasState());
  }

  /** Version 2, as checkpoints before the finished flag were written: its operators read as not finished. */
  @Test
  void aVersion2SnapshotStillReadsWithItsOperatorsNotFinished() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(2);
    out.writeInt(1);
    out.writeInt(4); // node id
    out.writeBoolean(true);
    out.writeUTF("sink");
    out.writeBoolean(false); // no keyed state
    out.writeInt(3);
    out.write(new byte[] {1, 2, 3});
    out.writeBoolean(false); // no timers
    out.writeBoolean(false); // no function state
    out.flush();
    TaskStateSnapshot.OperatorState o = TaskStateSnapshot.fromBytes(bytes.toByteArray()).operators().get(0);
    assertEquals(4, o.nodeId());
    assertEquals("sink", o.uid());
    assertArrayEquals(new byte[] {1, 2, 3}, o.operatorState());
    assertNull(o.timers());
    assertFalse(o.finished());
  }

  @Test
  void aVersionFromTheFutureIsRefused() {
    IOException e = assertThrows(IOException.class, () -> TaskStateSnapshot.fromBytes(new byte[] {4, 0, 0, 0, 0}));
    assertTrue(e.getMessage().contains("version 4"), e.getMessage());
  }
}
