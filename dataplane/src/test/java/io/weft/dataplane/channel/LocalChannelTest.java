package io.weft.dataplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class LocalChannelTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 8})
  void aProducerFasterThanItsConsumerLosesNothingAndKeepsTheOrder(int capacity) throws Exception {
    LocalChannel channel = new LocalChannel("test", capacity);
    Thread consumer = Thread.currentThread();
    InputGate gate = new InputGate(List.of(channel), () -> LockSupport.unpark(consumer));
    int items = 20_000;
    Thread producer = new Thread(() -> {
      try {
        for (int i = 0; i < items; i++) {
          channel.send(i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "local-channel-producer");
    producer.start();
    try {
      int next = 0;
      while (next < items) {
        Object item = gate.poll();
        if (item == null) {
          LockSupport.parkNanos(1_000_000);
          continue;
        }
        assertEquals(next, item, "items arrive once each and in order");
        next++;
        if (next % 1000 == 0) {
          Thread.sleep(1); // lets the channel fill up, so the producer blocks and is resumed
        }
      }
      producer.join(10_000);
      assertEquals(0, gate.poll() == null ? 0 : 1, "nothing after the last item");
      assertTrue(channel.blockedNanos() > 0, "the producer had to wait for room");
    } finally {
      producer.interrupt();
      producer.join();
    }
  }
}
