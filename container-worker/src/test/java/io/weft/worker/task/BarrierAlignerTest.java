package io.weft.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.channel.LocalChannel;
import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.EndOfPartition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Barrier alignment over real in-JVM channels and an input gate. */
class BarrierAlignerTest {
  private final List<LocalChannel> channels = List.of(new LocalChannel("a", 8), new LocalChannel("b", 8));
  private final InputGate gate = new InputGate(channels, () -> {});
  private final List<Long> snapshots = new ArrayList<>();

  /** Reads the gate like a task: barriers and ends go to the aligner, everything else is returned. */
  private List<Object> drain(BarrierAligner aligner) throws Exception {
    List<Object> items = new ArrayList<>();
    for (Object item = gate.poll(); item != null; item = gate.poll()) {
      if (item instanceof CheckpointBarrier b) {
        aligner.onBarrier(gate.lastChannel(), b, barrier -> snapshots.add(barrier.checkpointId()));
      } else if (item instanceof EndOfPartition) {
        aligner.onEndOfPartition(gate.lastChannel(), barrier -> snapshots.add(barrier.checkpointId()));
      } else {
        items.add(item);
      }
    }
    return items;
  }

  @Test
  void exactlyOnceHoldsBackAChannelWhoseBarrierCameUntilTheOthersHaveTheirs() throws Exception {
    BarrierAligner aligner = new BarrierAligner(gate, true);
    channels.get(0).send(new CheckpointBarrier(1, 0));
    channels.get(0).send("a-after");
    channels.get(1).send("b-before");
    assertEquals(List.of("b-before"), drain(aligner), "a's record after its barrier waits");
    assertEquals(List.of(), snapshots);

    channels.get(1).send(new CheckpointBarrier(1, 0));
    assertEquals(List.of("a-after"), drain(aligner), "released once aligned");
    assertEquals(List.of(1L), snapshots);
  }

  @Test
  void atLeastOnceReadsOnButSnapshotsOnlyOnceAllBarriersCame() throws Exception {
    BarrierAligner aligner = new BarrierAligner(gate, false);
    channels.get(0).send(new CheckpointBarrier(1, 0));
    channels.get(0).send("a-after");
    assertEquals(List.of("a-after"), drain(aligner));
    assertEquals(List.of(), snapshots);
    channels.get(1).send(new CheckpointBarrier(1, 0));
    drain(aligner);
    assertEquals(List.of(1L), snapshots);
  }

  @Test
  void anEndedChannelNeedsNoBarrier() throws Exception {
    BarrierAligner aligner = new BarrierAligner(gate, true);
    channels.get(0).send(new CheckpointBarrier(4, 0));
    drain(aligner);
    channels.get(1).send(EndOfPartition.INSTANCE);
    drain(aligner);
    assertEquals(List.of(4L), snapshots);
  }

  @Test
  void aNewerBarrierAbandonsAnIncompleteAlignment() throws Exception {
    BarrierAligner aligner = new BarrierAligner(gate, true);
    channels.get(0).send(new CheckpointBarrier(1, 0));
    drain(aligner);
    channels.get(1).send(new CheckpointBarrier(2, 0));
    channels.get(0).send(new CheckpointBarrier(2, 0));
    channels.get(1).send(new CheckpointBarrier(1, 0)); // late: its checkpoint was given up
    assertNull(drainOne(aligner));
    assertEquals(List.of(2L), snapshots);
  }

  private Object drainOne(BarrierAligner aligner) throws Exception {
    List<Object> items = drain(aligner);
    return items.isEmpty() ? null : items.get(0);
  }
}
