package io.weft.core.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpcCodecTest {

  /** At least one sample of every message type, with edge values. */
  static List<RpcMessage> samples() {
    return List.of(
        new RegisterTaskManager("tm-1", "node-7.example.org", 40123, 4, "container_1700000000000_0001_01_000002"),
        new RegisterTaskManager("", "", 0, 1, ""),
        new RegistrationAccepted("jm-ü-1", 2),
        new RegistrationRejected("unknown container container_x"),
        new Heartbeat("tm-1", 1_700_000_000_123L, List.of(
            new TaskStatus("job/vertex-1/0", TaskState.RUNNING, 10, 20),
            new TaskStatus("job/vertex-2/3", TaskState.FAILED, 0, Long.MAX_VALUE),
            new TaskStatus("job/vertex-3/1", TaskState.RUNNING, 5, 6, 1234, 100, 37, 512),
            new TaskStatus("job/vertex-4/0", TaskState.RUNNING, 1, 1, 0, 0, 0, -1, 1_700_000_000_000L))),
        new Heartbeat("jm", Long.MIN_VALUE, List.of()),
        new TriggerCheckpoint("job-1", 7, 1_700_000_000_000L),
        new TriggerCheckpoint("job-1", 8, 1_700_000_000_000L, "hdfs:///sp/savepoint-1", true),
        new TriggerCheckpoint("job-1", 9, 1_700_000_000_000L, "hdfs:///sp/savepoint-2", true, true),
        new TriggerSavepoint("hdfs:///savepoints", false),
        new TriggerSavepoint("hdfs:///savepoints", true, true),
        new SavepointCompleted("hdfs:///savepoints/savepoint-job_1-8"),
        new AcknowledgeCheckpoint("job-1", "3", 1, 7, new byte[] {1, 2, 3}),
        new AcknowledgeCheckpoint("job-1", "3", 1, 8, new byte[0], 123_456, 42),
        new AcknowledgeCheckpoint("job-1", "3", 0, 7, new byte[0]),
        new CheckpointComplete("job-1", 7),
        new CheckpointComplete("job-1", 9, true),
        new TaskInputEnded("job-1", "vertex-2", 1, 3),
        new UpdateDelegationTokens(new byte[] {'H', 'D', 'T', 'S', 1, 0}),
        new DeployTask("job-1", "vertex-2", 3, 1, 0, "fp|WordCount|STREAMING", new PeerAddresses(true, 3, List.of(
            new PeerAddresses.DataAddress("10.0.0.5", 41000),
            new PeerAddresses.DataAddress("10.0.0.6", 41001),
            new PeerAddresses.DataAddress("10.0.0.6", 65535)))),
        new DeployTask("j", "v", 5, 0, 1, "fp", new PeerAddresses(false, 2, List.of(
            new PeerAddresses.DataAddress("node-ü", 0), new PeerAddresses.DataAddress("", 1),
            new PeerAddresses.DataAddress("h", 2), new PeerAddresses.DataAddress("h", 3)))),
        new DeployTask("j", "v", 0, 0, 0, "", PeerAddresses.PREVIOUS),
        new DeployTask("j", "v", 1, 3, 0, "fp", PeerAddresses.PREVIOUS, "hdfs:///cp/job_1/chk-4/_metadata"),
        new DeployTask("j", "3", 3, 4, 1, "fp", PeerAddresses.PREVIOUS, "hdfs:///cp/job_1/chk-5/_metadata",
            java.util.Map.of(3, 4, 1, 1)),
        new TriggerRescale(4, java.util.Map.of()),
        new TriggerRescale(0, java.util.Map.of("Source: numbers", 2, "7", 8)),
        new RescaleCompleted("job job_1 from [a p=2] to [a p=4] from checkpoint 9; the tasks paused 812 ms"),
        new TaskStateChanged("job-1", "vertex-2", 1, TaskState.CANCELED, "", 3),
        new CancelTask("job-1", "vertex-2", 3),
        new TaskStateChanged("job-1", "vertex-2", 3, TaskState.FAILED, "OperatorException: map 'tokenize' failed\n\tat ..."),
        new TaskStateChanged("job-1", "vertex-2", 0, TaskState.FINISHED, ""),
        new Shutdown("the job finished"),
        new Ack(0),
        new Ack(-1),
        new ErrorReply(Long.MAX_VALUE, "java.lang.IllegalStateException: no free slot 7 \uD83D\uDE00"));
  }

  @Test
  void everyMessageTypeRoundTripsThroughBytesAndStreams() throws IOException {
    for (RpcMessage m : samples()) {
      assertEquals(m, RpcCodec.decode(RpcCodec.encode(m)), "byte[] round trip of " + m);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      RpcCodec.write(m, out);
      RpcCodec.write(m, out);
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
      assertEquals(m, RpcCodec.read(in), "first of two in a stream: " + m);
      assertEquals(m, RpcCodec.read(in), "second of two in a stream: " + m);
    }
  }

  @Test
  void samplesCoverEveryPermittedMessageType() {
    long types = samples().stream().map(Object::getClass).distinct().count();
    assertEquals(RpcMessage.class.getPermittedSubclasses().length, types);
  }

  @Test
  void typeBytesAreFixed() {
    // The type bytes are the protocol between processes of possibly different builds.
    Map<Class<?>, Integer> expected = Map.ofEntries(
        Map.entry(RegisterTaskManager.class, 1), Map.entry(RegistrationAccepted.class, 2),
        Map.entry(RegistrationRejected.class, 3), Map.entry(Heartbeat.class, 4), Map.entry(DeployTask.class, 5),
        Map.entry(CancelTask.class, 6), Map.entry(TaskStateChanged.class, 7), Map.entry(Shutdown.class, 8),
        Map.entry(Ack.class, 9), Map.entry(ErrorReply.class, 10), Map.entry(TriggerCheckpoint.class, 11),
        Map.entry(AcknowledgeCheckpoint.class, 12), Map.entry(CheckpointComplete.class, 13),
        Map.entry(TriggerSavepoint.class, 20), Map.entry(SavepointCompleted.class, 21),
        Map.entry(UpdateDelegationTokens.class, 22), Map.entry(TriggerRescale.class, 23),
        Map.entry(RescaleCompleted.class, 24), Map.entry(TaskInputEnded.class, 25));
    for (RpcMessage m : samples()) {
      assertEquals(expected.get(m.getClass()), (int) RpcCodec.encode(m)[0], m.getClass().getSimpleName());
    }
  }

  @Test
  void ackHasAKnownLayout() {
    assertArrayEquals(new byte[] {9, 0, 0, 0, 0, 0, 0, 1, 2}, RpcCodec.encode(new Ack(258)));
  }

  @Test
  void unknownTypeByteIsRejectedWithTypeAndOffset() {
    for (int type : new int[] {0, 14, 0x7f, 0xff}) {
      RpcProtocolException e = assertThrows(RpcProtocolException.class,
          () -> RpcCodec.decode(new byte[] {(byte) type, 1, 2, 3}));
      assertTrue(e.getMessage().contains("unknown RPC message type " + type), e.getMessage());
      assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
    }
    RpcProtocolException empty = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(new byte[0]));
    assertTrue(empty.getMessage().contains("no type byte"), empty.getMessage());
  }

  @Test
  void everyTruncationIsRejectedNamingTheType() {
    for (RpcMessage m : samples()) {
      byte[] full = RpcCodec.encode(m);
      String type = m.getClass().getSimpleName();
      for (int len = 1; len < full.length; len++) {
        byte[] prefix = Arrays.copyOf(full, len);
        RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(prefix),
            type + " cut to " + len + " bytes");
        assertTrue(e.getMessage().startsWith("truncated " + type + " at offset "), e.getMessage());
      }
    }
  }

  @Test
  void truncationNamesTheFieldAndWhereItStarts() {
    byte[] full = RpcCodec.encode(new CancelTask("job", "v", 3));
    // type(1) + jobId(4+3) + vertexId(4+1) = 13: subtaskIndex starts there.
    RpcProtocolException e = assertThrows(RpcProtocolException.class,
        () -> RpcCodec.decode(Arrays.copyOf(full, 15)));
    assertEquals("truncated CancelTask at offset 13: the message ends inside field subtaskIndex", e.getMessage());
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] full = RpcCodec.encode(new Ack(1));
    byte[] longer = Arrays.copyOf(full, full.length + 3);
    RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(longer));
    assertTrue(e.getMessage().contains("3 unexpected bytes at offset 9 after the end of Ack"), e.getMessage());
  }

  @Test
  void impossibleStringLengthsAreRejectedBeforeAllocating() throws IOException {
    for (int length : new int[] {-1, Integer.MIN_VALUE, Wire.MAX_STRING_BYTES + 1, Integer.MAX_VALUE}) {
      byte[] bytes = bytes(out -> {
        out.writeByte(RpcCodec.REGISTRATION_REJECTED);
        out.writeInt(length);
      });
      RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(bytes));
      assertTrue(e.getMessage().startsWith("malformed RegistrationRejected at offset 1: string length " + length),
          e.getMessage());
    }
  }

  @Test
  void invalidUtf8IsRejected() throws IOException {
    byte[] bytes = bytes(out -> {
      out.writeByte(RpcCodec.SHUTDOWN);
      out.writeInt(2);
      out.write(new byte[] {(byte) 0xC3, 0x28});
    });
    RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(bytes));
    assertEquals("malformed Shutdown at offset 1: field reason is not valid UTF-8", e.getMessage());
  }

  @Test
  void listCountsAreBoundedOnRead() throws IOException {
    for (int count : new int[] {-5, Wire.MAX_LIST_SIZE + 1, Integer.MAX_VALUE}) {
      byte[] bytes = bytes(out -> {
        out.writeByte(RpcCodec.HEARTBEAT);
        out.writeInt(1);
        out.write('a');
        out.writeLong(42);
        out.writeInt(count);
      });
      RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(bytes));
      // type(1) + senderId(4+1) + timestamp(8) = 14
      assertTrue(e.getMessage().startsWith("malformed Heartbeat at offset 14: list payload claims " + count),
          e.getMessage());
    }
  }

  @Test
  void aCountLargerThanTheDataIsATruncationNotAnAllocation() throws IOException {
    byte[] bytes = bytes(out -> {
      out.writeByte(RpcCodec.DEPLOY_TASK);
      for (String s : List.of("j", "v")) {
        out.writeInt(1);
        out.write(s.getBytes(StandardCharsets.UTF_8));
      }
      out.writeInt(0); // subtask
      out.writeInt(0); // attempt
      out.writeInt(0); // slot
      out.writeInt(0); // an empty fingerprint
      out.writeBoolean(true); // spread
      out.writeInt(1); // stride
      out.writeInt(Wire.MAX_LIST_SIZE); // TaskManager addresses
    });
    RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(bytes));
    assertTrue(e.getMessage().startsWith("truncated DeployTask"), e.getMessage());
  }

  @Test
  void unknownTaskStateIsRejected() throws IOException {
    byte[] good = RpcCodec.encode(new TaskStateChanged("j", "v", 0, TaskState.RUNNING, ""));
    // type(1) + jobId(5) + vertexId(5) + subtaskIndex(4) = 15: the state byte.
    assertEquals(TaskState.RUNNING.code(), good[15]);
    good[15] = 99;
    RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(good));
    assertEquals("malformed TaskStateChanged at offset 15: unknown task state code 99", e.getMessage());
  }

  @Test
  void wellFormedButInvalidValuesAreRejected() throws IOException {
    byte[] bytes = bytes(out -> {
      out.writeByte(RpcCodec.REGISTER_TASK_MANAGER);
      out.writeInt(0);
      out.writeInt(0);
      out.writeInt(40000);
      out.writeInt(0); // numSlots
      out.writeInt(0);
    });
    RpcProtocolException e = assertThrows(RpcProtocolException.class, () -> RpcCodec.decode(bytes));
    assertTrue(e.getMessage().startsWith("invalid RegisterTaskManager"), e.getMessage());
    assertTrue(e.getMessage().contains("numSlots must be at least 1, got 0"), e.getMessage());
  }

  @Test
  void garbageNeverFailsWithAnythingButAProtocolException() {
    Random random = new Random(20240611);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      if (b.length > 0) {
        b[0] = (byte) random.nextInt(12);
      }
      inputs.add(b);
    }
    for (RpcMessage m : samples()) {
      byte[] full = RpcCodec.encode(m);
      for (int i = 0; i < 200; i++) {
        byte[] b = full.clone();
        b[1 + random.nextInt(b.length - 1)] = (byte) random.nextInt(256);
        inputs.add(b);
      }
    }
    for (byte[] b : inputs) {
      try {
        RpcCodec.decode(b);
      } catch (RpcProtocolException expected) {
        // fine: rejected with the protocol's own exception
      } catch (RuntimeException e) {
        fail("decoding " + Arrays.toString(b) + " threw " + e, e);
      }
    }
  }

  @Test
  void stringsOverTheLimitAreRefusedWhenWriting() {
    String huge = "x".repeat(Wire.MAX_STRING_BYTES + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RpcCodec.encode(new RegisterTaskManager("tm", huge, 1, 1, "c")));
    assertTrue(e.getMessage().startsWith("host is"), e.getMessage());
  }

  @Test
  void hugeFailureMessagesAreCutSoTheReportStillFits() throws RpcProtocolException {
    TaskStateChanged m = new TaskStateChanged("j", "v", 0, TaskState.FAILED, "e".repeat(1_000_000));
    assertTrue(m.failureMessage().length() <= Wire.MAX_TEXT_CHARS);
    assertTrue(m.failureMessage().endsWith("(truncated, 1000000 chars in all)"));
    assertEquals(m, RpcCodec.decode(RpcCodec.encode(m)));
  }

  @Test
  void constructorsRejectNullsAndImpossibleValues() {
    assertThrows(NullPointerException.class, () -> new Shutdown(null));
    assertThrows(NullPointerException.class, () -> new Heartbeat("tm", 0, null));
    assertThrows(IllegalArgumentException.class, () -> new PeerAddresses.DataAddress("h", 70000));
    assertThrows(IllegalArgumentException.class, () -> new PeerAddresses(false, 0, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new PeerAddresses(true, 2, List.of(new PeerAddresses.DataAddress("h", 1))));
    assertThrows(IllegalArgumentException.class, () -> new CancelTask("j", "v", -1));
    assertThrows(IllegalArgumentException.class, () -> new TaskStatus("t", TaskState.RUNNING, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TaskStatus("t", TaskState.RUNNING, 0, 0, 0, 101, 0, -1));
  }

  @Test
  void listsAreCopiedSoMessagesStayImmutable() {
    List<TaskStatus> payload = new ArrayList<>();
    payload.add(new TaskStatus("t", TaskState.RUNNING, 1, 1));
    Heartbeat h = new Heartbeat("tm", 0, payload);
    payload.clear();
    assertEquals(1, h.payload().size());
    assertThrows(UnsupportedOperationException.class, () -> h.payload().clear());
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] bytes(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writer.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }
}
