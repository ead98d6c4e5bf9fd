package io.weft.worker.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.plan.StreamNode;
import io.weft.dataplane.channel.InputGate;
import io.weft.dataplane.channel.LocalChannel;
import io.weft.dataplane.element.CheckpointBarrier;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.partition.ChannelSelector;
import io.weft.dataplane.partition.RecordWriter;
import io.weft.state.snapshot.TaskStateSnapshot;
import io.weft.worker.harness.ManualProcessingTimeService;
import io.weft.worker.memory.TaskManagerResources;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.Output;
import io.weft.worker.operators.StreamOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task side of a checkpoint over real in-JVM channels: alignment, the order of snapshot and
 * barrier, the acknowledged state, completion, and stop-with-savepoint.
 */
@Timeout(60)
class TaskCheckpointerTest {
  record Ack(long id, byte[] state, long bytes) {}

  @TempDir
  Path dir;

  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
  private final List<LocalChannel> inputs = List.of(new LocalChannel("in-a", 8), new LocalChannel("in-b", 8));
  private final InputGate gate = new InputGate(inputs, () -> {});
  private final LocalChannel output = new LocalChannel("out", 8);
  private final InputGate downstream = new InputGate(List.of(output), () -> {});

  /** An operator that notes its checkpoint calls in {@link #events} and keeps {@code state} as its own state. */
  private StreamOperator<Object, Object> operator(String name, String state) {
    return new StreamOperator<>() {
      @Override
      public void setup(OperatorContext context, Output<Object> out) {}

      @Override
      public void open() {}

      @Override
      public void processElement(StreamRecord<Object> record) {}

      @Override
      public void processWatermark(long watermark) {}

      @Override
      public void snapshotFunctionState(long checkpointId, long timestamp) {
        events.add(name + " function " + checkpointId);
      }

      @Override
      public byte[] snapshotState(long checkpointId) {
        events.add(name + " state " + checkpointId);
        if ("fail".equals(state)) {
          throw new IllegalStateException(name + " cannot snapshot");
        }
        return state == null ? null : state.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public void notifyCheckpointComplete(long checkpointId) {
        events.add(name + " complete " + checkpointId);
      }

      @Override
      public void finish() {}

      @Override
      public void close() {}
    };
  }

  /** A checkpointer over the two operators of a source -> map vertex, each with the given own state. */
  private TaskCheckpointer checkpointer(InputGate inputGate, String firstState, String secondState) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSequence(1, 10).map(x -> x).print();
    JobVertex vertex = env.buildJobGraph("checkpointer").vertices().get(0);
    List<StreamNode> nodes = vertex.operators().subList(0, 2);
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.DIRECTORY, dir.toUri().toString());
    RecordWriter writer = new RecordWriter(List.of(output), new ChannelSelector() {
      @Override
      public int select(Object value) {
        return 0;
      }
    }, 16, true);
    TaskCheckpointer checkpointer = new TaskCheckpointer("test (1/1)", "job-1", conf, nodes, List.of(writer),
        inputGate, (id, state, bytes, alignment) -> {
          events.add("ack " + id);
          acks.add(new Ack(id, state, bytes));
        });
    Map<StreamNode, OperatorContext> contexts = new LinkedHashMap<>();
    for (StreamNode node : nodes) {
      contexts.put(node, new OperatorContext("job-1", node.name(), "test (1/1)", 0, 1, 128, conf,
          RuntimeMode.STREAMING, new ManualProcessingTimeService(0), TaskManagerResources.of(conf).slotBudget()));
    }
    checkpointer.start(List.of(operator("first", firstState), operator("second", secondState)), contexts);
    return checkpointer;
  }

  private List<Object> drainDownstream() throws Exception {
    List<Object> items = new ArrayList<>();
    for (Object item = downstream.poll(); item != null; item = downstream.poll()) {
      items.add(item);
    }
    return items;
  }

  @Test
  void snapshotsOnceAlignedThenPassesTheBarrierOnAndAcknowledgesTheUploadedState() throws Exception {
    TaskCheckpointer checkpointer = checkpointer(gate, "one", null);
    CheckpointBarrier barrier = new CheckpointBarrier(7, 1234);
    checkpointer.onBarrier(0, barrier);
    assertEquals(List.of(), events, "one input's barrier is not enough");
    assertEquals(List.of(), drainDownstream());

    checkpointer.onBarrier(1, barrier);
    List<String> snapshotEvents;
    synchronized (events) { // the upload thread may be adding its "ack" at the same time
      snapshotEvents = new ArrayList<>(events.subList(0, 4));
    }
    assertEquals(List.of("first function 7", "first state 7", "second function 7", "second state 7"),
        snapshotEvents, "every operator, function before state, in chain order");
    List<Object> passedOn = drainDownstream();
    assertEquals(1, passedOn.size());
    assertEquals(7, ((CheckpointBarrier) passedOn.get(0)).checkpointId());

    Ack ack = acks.poll(30, TimeUnit.SECONDS);
    assertEquals(7, ack.id());
    assertEquals(3, ack.bytes(), "the bytes of the one operator with state");
    TaskStateSnapshot snapshot = TaskStateSnapshot.fromBytes(ack.state());
    assertEquals(1, snapshot.operators().size(), "the operator without state is left out");
    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), snapshot.operators().get(0).operatorState());
    assertNull(snapshot.operators().get(0).keyed());
  }

  @Test
  void anInputThatEndsNeedsNoBarrier() throws Exception {
    TaskCheckpointer checkpointer = checkpointer(gate, null, null);
    checkpointer.onBarrier(0, new CheckpointBarrier(3, 0));
    assertTrue(acks.isEmpty());
    checkpointer.onEndOfPartition(1);
    Ack ack = acks.poll();
    assertEquals(3, ack.id(), "a task without state acknowledges at once, on its own thread");
    assertEquals(0, ack.state().length);
    assertEquals(0, ack.bytes());
  }

  @Test
  void aFailedSnapshotPassesNoBarrierOnAndAcknowledgesNothing() throws Exception {
    TaskCheckpointer checkpointer = checkpointer(null, "one", "fail");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> checkpointer.triggerAtSource(new CheckpointBarrier(2, 0)));
    assertEquals("second cannot snapshot", e.getMessage());
    assertEquals(List.of(), drainDownstream());
    assertTrue(acks.isEmpty());
  }

  @Test
  void aStopWithSavepointStopsReadingAndEndsOnlyOnceThatSavepointCompleted() throws Exception {
    TaskCheckpointer checkpointer = checkpointer(null, null, null);
    assertFalse(checkpointer.stopping());
    String savepoint = dir.resolve("savepoint-1").toUri().toString();
    checkpointer.triggerAtSource(new CheckpointBarrier(5, 0, savepoint, true));
    assertTrue(checkpointer.stopping());
    CheckpointBarrier passedOn = (CheckpointBarrier) drainDownstream().get(0);
    assertTrue(passedOn.stop());
    assertEquals(savepoint, passedOn.savepointPath());
    assertEquals(5, acks.poll().id());

    checkpointer.notifyCheckpointComplete(4, false);
    assertFalse(checkpointer.stopSavepointCompleted(), "an older checkpoint completing is not the savepoint");
    checkpointer.notifyCheckpointComplete(5, false);
    assertTrue(checkpointer.stopSavepointCompleted());
    assertEquals(List.of("first function 5", "first state 5", "second function 5", "second state 5", "ack 5",
        "first complete 4", "second complete 4", "first complete 5", "second complete 5"), events);
  }
}
