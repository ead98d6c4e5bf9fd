package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.types.BytesSerializer;
import io.weft.core.types.StringSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.MemorySegment;
import io.weft.dataplane.element.CheckpointBarrier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Records, events and credit between two TaskManagers on loopback. */
@Timeout(120)
class DataFlowTest {

  @Test
  void recordsLargerThanABufferRoundTrip() throws Exception {
    try (TaskManagers tms = new TaskManagers(32 * 1024)) {
      Random random = new Random(7);
      List<Object> script = new ArrayList<>();
      for (int size : new int[] {10, 32 * 1024, 100 * 1024, 5, 1 << 20, 32 * 1024 - 20, 70_000, 0}) {
        byte[] v = new byte[size];
        random.nextBytes(v);
        script.add(v);
      }
      script.add(EndOfPartition.INSTANCE);
      ProducerChannel out = tms.produce("job/big", 0);
      LocalBufferPool producerPool = tms.pool(tms.producerMemory, "out", 1, 2, 2);
      CompletableFuture<Void> written = tms.write(out, producerPool, BytesSerializer.INSTANCE, script);
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 4);
      ConsumerChannel in = tms.request("job/big", 0, gate, 0);

      List<Long> timestamps = new ArrayList<>();
      List<Object> got = TaskManagers.readAll(in, BytesSerializer.INSTANCE, timestamps);

      written.get(30, TimeUnit.SECONDS);
      assertEquals(script.size(), got.size());
      for (int i = 0; i < script.size() - 1; i++) {
        assertArrayEquals((byte[]) script.get(i), (byte[]) got.get(i), "record " + i);
        assertEquals(i, timestamps.get(i));
      }
      assertTrue(in.buffersReceived() > (1 << 20) / (32 * 1024), "the 1 MiB record took many buffers");
    }
  }

  @Test
  void eventsArriveInOrderAfterTheRecordsBeforeThem() throws Exception {
    try (TaskManagers tms = new TaskManagers(256)) { // small buffers: records span them, events fall between
      List<Object> script = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        script.add("a" + i + "x".repeat(i * 7));
      }
      script.add(new Watermark(100));
      script.add("lonely");
      script.add(new CheckpointBarrier(1, 7));
      script.add(new Watermark(200));
      script.add(new Watermark(300)); // events back to back, no records between
      for (int i = 0; i < 30; i++) {
        script.add("b" + i);
      }
      script.add(Watermark.MAX);
      script.add(EndOfPartition.INSTANCE);

      ProducerChannel out = tms.produce("job/events", 3);
      LocalBufferPool producerPool = tms.pool(tms.producerMemory, "out", 1, 2, 2);
      CompletableFuture<Void> written = tms.write(out, producerPool, StringSerializer.INSTANCE, script);
      ConsumerChannel in = tms.request("job/events", 3, tms.pool(tms.consumerMemory, "gate", 1, 2, 2), 0);

      assertEquals(script, TaskManagers.readAll(in, StringSerializer.INSTANCE, null));
      written.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStoppedConsumerStopsOnlyItsOwnChannelOnTheSharedConnection() throws Exception {
    int channels = 8;
    try (TaskManagers tms = new TaskManagers(4096)) {
      List<Object> script = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        byte[] v = new byte[1000];
        v[0] = (byte) i;
        script.add(v);
      }
      script.add(EndOfPartition.INSTANCE);

      // Eight producer tasks on one TaskManager, eight channels of one input gate on the other.
      List<ProducerChannel> outs = new ArrayList<>();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int c = 0; c < channels; c++) {
        ProducerChannel out = tms.produce("job/p" + c, 0);
        outs.add(out);
        writes.add(tms.write(out, tms.pool(tms.producerMemory, "out" + c, 1, 2, 2), BytesSerializer.INSTANCE, script));
      }
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", channels, 2, 4);
      List<ConsumerChannel> ins = new ArrayList<>();
      for (int c = 0; c < channels; c++) {
        ins.add(tms.request("job/p" + c, 0, gate, c));
      }
      ConsumerChannel stopped = ins.get(0); // never read

      List<CompletableFuture<List<Object>>> reads = new ArrayList<>();
      for (int c = 1; c < channels; c++) {
        ConsumerChannel in = ins.get(c);
        reads.add(CompletableFuture.supplyAsync(() -> {
          try {
            return TaskManagers.readAll(in, BytesSerializer.INSTANCE, null);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }));
      }
      for (int c = 1; c < channels; c++) {
        List<Object> got = reads.get(c - 1).get(60, TimeUnit.SECONDS);
        assertEquals(script.size(), got.size(), "channel " + c + " delivered everything");
        for (int i = 0; i < script.size() - 1; i++) {
          assertEquals((byte) i, ((byte[]) got.get(i))[0]);
        }
        writes.get(c).get(30, TimeUnit.SECONDS);
      }
      assertEquals(1, tms.consumer.clientConnections(), "all channels share one connection");
      assertEquals(1, tms.producer.acceptedConnections());

      // The stopped channel used up exactly the credit it granted, and its producer is held back.
      ProducerChannel held = outs.get(0);
      Await.until("the stopped channel's producer has backlog and no credit",
          () -> held.backlog() > 0 && held.credit() == 0 && stopped.buffersReceived() == stopped.creditGranted());
      assertEquals(stopped.buffersReceived(), stopped.queued(), "nothing of it was read");
      assertTrue(stopped.creditGranted() <= 2 + 4, "credit never exceeds exclusive + floating buffers");
      assertFalse(writes.get(0).isDone(), "its writer is blocked by backpressure");

      // Releasing the stopped channel releases its producer, whose writer then fails.
      stopped.close();
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> writes.get(0).get(30, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("closed the channel"), e.getCause().getMessage());
    }
  }

  @Test
  void theProducerSendsNoBufferWithoutCredit() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      List<Object> script = arraysThenEnd(200, 500);
      ProducerChannel out = tms.produce("job/credit", 0);
      CompletableFuture<Void> written =
          tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 4), BytesSerializer.INSTANCE, script);
      // One exclusive buffer and no floating ones: the producer must wait for every single buffer.
      ConsumerChannel in = tms.request("job/credit", 0, tms.pool(tms.consumerMemory, "gate", 1, 1, 0), 0);

      for (int k = 1; k <= 20; k++) {
        Object item = in.take(Conditions.DEADLINE);
        assertInstanceOf(MemorySegment.class, item);
        Await.until("the producer has data but no credit", () -> out.backlog() > 0 && out.credit() == 0);
        assertEquals(k, in.buffersReceived(), "no buffer arrives while the only one is held");
        assertEquals(k, in.creditGranted());
        assertEquals(0, in.queued());
        ((MemorySegment) item).recycle();
      }
      recycleUntilTheEnd(in);
      written.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBusyConsumerHoldsCreditBackUntilItsQueueRunsLow() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      List<Object> script = arraysThenEnd(100, 900);
      ProducerChannel out = tms.produce("job/held", 0);
      CompletableFuture<Void> written =
          tms.write(out, tms.pool(tms.producerMemory, "out", 1, 4, 8), BytesSerializer.INSTANCE, script);
      ConsumerChannel in = tms.request("job/held", 0, tms.pool(tms.consumerMemory, "gate", 1, 2, 4), 0);
      Await.until("the consumer received all it granted: 2 exclusive + 4 floating",
          () -> in.buffersReceived() == 6 && in.creditGranted() == 6 && out.credit() == 0 && out.backlog() > 0);

      // Three read and recycled, three still queued: more than the mark, so the credit stays here.
      for (int k = 0; k < 3; k++) {
        ((MemorySegment) in.poll()).recycle();
      }
      // The decision is observed: the recycled segments wait as held credit (none was sent instead).
      Await.until("the recycled segments are held back as credit", in::creditHeld);
      assertEquals(6, in.creditGranted(), "no credit while the task has more than 2 segments queued");
      assertEquals(0, out.credit());

      // Taking the fourth brings the queue down to the mark: the three recycled go out together.
      Object fourth = in.poll();
      Await.until("the held credit reached the producer", () -> in.creditGranted() == 9);
      ((MemorySegment) fourth).recycle();
      recycleUntilTheEnd(in);
      written.get(30, TimeUnit.SECONDS);
      assertTrue(in.creditGranted() >= in.buffersReceived());
    }
  }

  @Test
  void floatingBuffersAreGrantedOnlyWhileTheyLast() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      List<Object> script = arraysThenEnd(100, 900);
      ProducerChannel out = tms.produce("job/floating", 0);
      tms.write(out, tms.pool(tms.producerMemory, "out", 1, 4, 8), BytesSerializer.INSTANCE, script);
      ConsumerChannel in = tms.request("job/floating", 0, tms.pool(tms.consumerMemory, "gate", 1, 2, 3), 0);

      // The consumer holds everything it gets: the backlog makes it take all 3 floating buffers,
      // and then the producer stops with exactly that much delivered.
      Await.until("the consumer received all it granted: 2 exclusive + 3 floating",
          () -> in.buffersReceived() == 5 && in.creditGranted() == 5 && out.credit() == 0 && out.backlog() > 0);
      assertEquals(5, in.queued());
    }
  }

  @Test
  void anUnknownPartitionFailsOnlyThatChannel() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 2, 1, 0);
      ConsumerChannel missing = tms.request("job/nope", 0, gate, 0);
      ProducerChannel out = tms.produce("job/yes", 0);
      tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 0), StringSerializer.INSTANCE,
          List.of("x", EndOfPartition.INSTANCE));
      ConsumerChannel present = tms.request("job/yes", 0, gate, 1);

      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
          () -> missing.take(Conditions.DEADLINE));
      assertTrue(e.getMessage().contains("job/nope") && e.getMessage().contains("is not produced at"), e.getMessage());
      assertEquals(List.of("x", EndOfPartition.INSTANCE), TaskManagers.readAll(present, StringSerializer.INSTANCE, null));
    }
  }

  @Test
  void aConsumerThatAsksAfterItsProducerFailedLearnsTheCause() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      ProducerChannel out = tms.produce("job/failed", 0);
      out.fail(new IllegalStateException("boom in the producer"));
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 0);
      ConsumerChannel late = tms.request("job/failed", 0, gate, 0);
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
          () -> late.take(Conditions.DEADLINE));
      assertTrue(e.getMessage().contains("boom in the producer"), e.getMessage());
    }
  }

  @Test
  void aRequestThatComesBeforeItsProducerIsServedOnceTheProducerIsRegistered() throws Exception {
    // The request waits as long as any test waits: with the usual half second, a loaded machine could
    // let it time out between seeing it wait and registering the producer.
    try (TaskManagers tms = new TaskManagers(1024, Conditions.DEADLINE)) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 1, 2, 0);
      ConsumerChannel early = tms.request("job/later", 0, gate, 0);
      // The consumer's TaskManager got its deploys first; the producer's arrive only once the
      // request waits for them at the producer's TaskManager.
      Await.until("the request waits for its producer", () -> tms.registry.waitingRequests() == 1);
      ProducerChannel out = tms.produce("job/later", 0);
      tms.write(out, tms.pool(tms.producerMemory, "out", 1, 2, 0), StringSerializer.INSTANCE,
          List.of("a", "b", EndOfPartition.INSTANCE));
      assertEquals(List.of("a", "b", EndOfPartition.INSTANCE), TaskManagers.readAll(early, StringSerializer.INSTANCE,
          null));
    }
  }

  /** {@code count} byte arrays of {@code size} bytes, then the end of the partition. */
  private static List<Object> arraysThenEnd(int count, int size) {
    List<Object> script = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      script.add(new byte[size]);
    }
    script.add(EndOfPartition.INSTANCE);
    return script;
  }

  /** Takes and recycles the channel's segments up to its end of partition. */
  private static void recycleUntilTheEnd(ConsumerChannel in) throws Exception {
    for (Object item = in.take(Conditions.DEADLINE); !(item instanceof EndOfPartition);
        item = in.take(Conditions.DEADLINE)) {
      assertInstanceOf(MemorySegment.class, item, "the rest of the data");
      ((MemorySegment) item).recycle();
    }
  }
}
