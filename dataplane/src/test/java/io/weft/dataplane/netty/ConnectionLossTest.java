package io.weft.dataplane.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.types.StringSerializer;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.memory.LocalBufferPool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lost connection fails every channel on it promptly, with a cause naming the other side. */
@Timeout(120)
class ConnectionLossTest {

  private static List<Object> endless() {
    List<Object> script = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      script.add("record " + i);
    }
    script.add(EndOfPartition.INSTANCE);
    return script;
  }

  @Test
  void losingTheProducerFailsEveryChannelNamingItsAddress() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 4, 2, 0);
      List<ConsumerChannel> ins = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        ProducerChannel out = tms.produce("job/p" + c, 0);
        tms.write(out, tms.pool(tms.producerMemory, "out" + c, 1, 2, 0), StringSerializer.INSTANCE, endless());
        ins.add(tms.request("job/p" + c, 0, gate, c));
      }
      // A fourth channel already got its end of partition: losing the connection harms it not.
      ProducerChannel done = tms.produce("job/done", 0);
      tms.write(done, tms.pool(tms.producerMemory, "done", 1, 2, 0), StringSerializer.INSTANCE,
          List.of("last", EndOfPartition.INSTANCE));
      ConsumerChannel finished = tms.request("job/done", 0, gate, 3);
      Await.until("every channel has data", () -> ins.stream().allMatch(c -> c.queued() > 0) && finished.queued() == 2);

      Set failedNotified = new Set();
      ins.forEach(c -> c.setListener(failedNotified::add));
      String address = Addresses.of(tms.producer.address());
      tms.producer.close();

      for (ConsumerChannel c : ins) {
        Await.until(c + " fails", c::isFailed);
        TransportException e = assertThrows(TransportException.class, c::poll);
        assertTrue(e.getMessage().contains("connection to producer " + address + " lost"), e.getMessage());
        assertEquals(tms.producer.address(), e.remoteAddress());
        assertTrue(failedNotified.contains(c), "the owner was told");
      }
      assertEquals(List.of("last", EndOfPartition.INSTANCE), TaskManagers.readAll(finished, StringSerializer.INSTANCE, null));
      Await.until("the dead connection leaves the cache", () -> tms.consumer.clientConnections() == 0);
    }
  }

  @Test
  void aResetConnectionFailsTheChannels() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024); RawPeer.Listener fake = new RawPeer.Listener()) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 2, 1, 0);
      CompletableFuture<ConsumerChannel> a = CompletableFuture.supplyAsync(() -> {
        try {
          return tms.consumer.requestPartition(fake.address(), "job/p", 0, gate, 0);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      RawPeer peer = fake.peer();
      peer.authenticateAsServer(TaskManagers.SECRET);
      ConsumerChannel first = a.get(30, TimeUnit.SECONDS);
      ConsumerChannel second = tms.consumer.requestPartition(fake.address(), "job/p", 1, gate, 1);
      peer.expect(FrameType.PARTITION_REQUEST);
      peer.expect(FrameType.PARTITION_REQUEST);
      peer.reset(); // as if the producer's machine had crashed

      for (ConsumerChannel c : List.of(first, second)) {
        Await.until(c + " fails", c::isFailed);
        IOException e = assertThrows(IOException.class, c::poll);
        assertTrue(e.getMessage().contains(Addresses.of(fake.address())), e.getMessage());
        c.close();
      }
    }
  }

  @Test
  void losingTheConsumerReleasesTheProducerChannelsNamingItsAddress() throws Exception {
    try (TaskManagers tms = new TaskManagers(1024)) {
      LocalBufferPool gate = tms.pool(tms.consumerMemory, "gate", 2, 1, 0);
      List<ProducerChannel> outs = new ArrayList<>();
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        ProducerChannel out = tms.produce("job/p" + c, 0);
        outs.add(out);
        writes.add(tms.write(out, tms.pool(tms.producerMemory, "out" + c, 1, 2, 0), StringSerializer.INSTANCE,
            endless()));
        tms.request("job/p" + c, 0, gate, c);
      }
      Await.until("both producers are attached and held back by credit",
          () -> outs.stream().allMatch(o -> o.isAttached() && o.credit() == 0 && o.backlog() > 0));
      tms.consumer.close();

      for (int c = 0; c < 2; c++) {
        ProducerChannel out = outs.get(c);
        Await.until(out + " is released", out::isReleased);
        ExecutionException e = assertThrows(ExecutionException.class, () -> writes.get(outs.indexOf(out)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getCause().getMessage().matches(".*connection to consumer 127\\.0\\.0\\.1:\\d+ lost.*"),
            e.getCause().getMessage());
      }
    }
  }

  /** A thread-safe set for listener calls. */
  private static final class Set {
    private final java.util.Set<Object> items = ConcurrentHashMap.newKeySet();

    void add(Object o) {
      items.add(o);
    }

    boolean contains(Object o) {
      return items.contains(o);
    }
  }
}
