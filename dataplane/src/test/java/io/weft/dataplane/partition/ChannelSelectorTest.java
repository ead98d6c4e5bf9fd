package io.weft.dataplane.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.KeySelector;
import io.weft.core.plan.KeyGroups;
import io.weft.core.plan.Partitioning;
import io.weft.dataplane.element.EndOfPartition;
import io.weft.dataplane.element.RecordBatch;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.channel.LocalChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelSelectorTest {

  @Test
  void rebalanceIsRoundRobinStartingAtTheProducersIndex() throws Exception {
    ChannelSelector s = ChannelSelector.of(Partitioning.REBALANCE, 4, 1, 128);
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      picked.add(s.select("x"));
    }
    assertEquals(List.of(1, 2, 3, 0, 1, 2, 3, 0, 1), picked);

    // Producer 6 of a wider upstream starts at 6 mod 4.
    assertEquals(2, ChannelSelector.of(Partitioning.REBALANCE, 4, 6, 128).select("x"));

    int[] counts = new int[3];
    ChannelSelector three = ChannelSelector.of(Partitioning.REBALANCE, 3, 0, 128);
    for (int i = 0; i < 3_001; i++) {
      counts[three.select(i)]++;
    }
    assertEquals(1001, counts[0]);
    assertEquals(1000, counts[1]);
    assertEquals(1000, counts[2]);
  }

  @Test
  void forwardAlwaysPicksTheOnlyChannelAndBroadcastPicksAll() throws Exception {
    ChannelSelector forward = ChannelSelector.of(Partitioning.FORWARD, 1, 3, 128);
    ChannelSelector broadcast = ChannelSelector.of(Partitioning.BROADCAST, 5, 0, 128);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, forward.select(i));
      assertEquals(ChannelSelector.ALL, broadcast.select(i));
    }
  }

  @Test
  void hashPicksTheOwnerOfTheKeysKeyGroup() throws Exception {
    KeySelector<String, String> firstWord = s -> s.split(" ")[0];
    for (int channels : new int[] {1, 2, 3, 5, 8}) {
      for (int maxP : new int[] {channels, 128, 1000}) {
        ChannelSelector s = ChannelSelector.of(Partitioning.hash(firstWord), channels, 0, maxP);
        int[] counts = new int[channels];
        for (int k = -500; k < 500; k++) {
          int c = s.select(k + " payload");
          assertTrue(c >= 0 && c < channels, "channel " + c + " out of range for " + channels);
          assertEquals(KeyGroups.subtaskForKey(String.valueOf(k), maxP, channels), c);
          assertEquals(c, s.select(k + " other payload"), "same key, same channel");
          counts[c]++;
        }
        for (int c = 0; c < channels; c++) {
          assertTrue(counts[c] > 0, "channel " + c + " of " + channels + " got no key (maxP " + maxP + ")");
        }
      }
    }
  }

  @Test
  void hashRejectsNullKeys() {
    ChannelSelector s = ChannelSelector.of(Partitioning.hash((String v) -> null), 2, 0, 128);
    NullPointerException e = assertThrows(NullPointerException.class, () -> s.select("v"));
    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  /** Reads everything a gate has, per channel. */
  private static Map<Integer, List<Object>> drain(InputGate gate) throws java.io.IOException {
    Map<Integer, List<Object>> items = new HashMap<>();
    Object item;
    while ((item = gate.poll()) != null) {
      items.computeIfAbsent(gate.lastChannel(), c -> new ArrayList<>()).add(item);
    }
    return items;
  }

  @Test
  void recordWriterBatchesPerChannelAndSendsEventsAfterTheElements() throws Exception {
    List<LocalChannel> channels = List.of(new LocalChannel("c0", 16), new LocalChannel("c1", 16));
    AtomicInteger wakeUps = new AtomicInteger();
    InputGate gate = new InputGate(channels, wakeUps::incrementAndGet);
    RecordWriter writer = new RecordWriter(channels, ChannelSelector.of(Partitioning.BROADCAST, 2, 0, 128), 4, false);

    for (int i = 0; i < 6; i++) {
      writer.emit(i, 100 + i);
    }
    // A full batch of 4 went to each channel; the remaining 2 wait in partly filled batches.
    assertTrue(gate.hasAvailable());
    assertTrue(wakeUps.get() > 0);
    writer.broadcastEvent(new Watermark(105));
    writer.endOfPartition();
    assertEquals(6, writer.recordsOut());

    Map<Integer, List<Object>> items = drain(gate);
    for (int c = 0; c < 2; c++) {
      List<Object> got = items.get(c);
      assertEquals(4, got.size(), "channel " + c + ": " + got);
      RecordBatch first = (RecordBatch) got.get(0);
      RecordBatch second = (RecordBatch) got.get(1);
      assertEquals(4, first.size());
      assertEquals(2, second.size());
      assertEquals(0, first.value(0));
      assertEquals(100L, first.timestamp(0));
      assertEquals(5, second.value(1));
      assertEquals(new Watermark(105), got.get(2));
      assertSame(EndOfPartition.INSTANCE, got.get(3));
    }
    assertTrue(!gate.hasAvailable());
  }

  @Test
  void flushEveryRecordSendsEachElementAtOnce() throws Exception {
    List<LocalChannel> channels = List.of(new LocalChannel("c0", 16), new LocalChannel("c1", 16));
    InputGate gate = new InputGate(channels, () -> {});
    RecordWriter writer = new RecordWriter(channels, ChannelSelector.of(Partitioning.REBALANCE, 2, 0, 128), 1024, true);
    writer.emit("a", 1);
    writer.emit("b", 2);
    writer.emit("c", 3);
    Map<Integer, List<Object>> items = drain(gate);
    assertEquals(2, items.get(0).size(), "a and c");
    assertEquals(1, items.get(1).size(), "b");
    assertEquals("b", ((RecordBatch) items.get(1).get(0)).value(0));
  }
}
