package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.CheckpointedFunction;
import io.weft.api.state.FunctionInitializationContext;
import io.weft.api.state.FunctionSnapshotContext;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map function's own operator state ({@link CheckpointedFunction}) survives a failure and a
 * restore at another parallelism: even-split lists are cut among the new subtasks, union lists
 * reach every one of them in full.
 */
// A hang guard only: the waits inside are on conditions, generous for a loaded machine.
@Timeout(900)
class CheckpointedFunctionRestoreTest {
  private static final int N = 6_000;
  /** What each subtask's initializeState saw, and what each snapshotState wrote. */
  private static final Queue<Init> INITS = new ConcurrentLinkedQueue<>();
  private static final Queue<Long> SNAPSHOTS = new ConcurrentLinkedQueue<>();

  record Init(boolean restored, List<Long> split, List<Long> union) {}

  @TempDir
  Path checkpointDir;

  /** Passes numbers on and counts them; the count goes in an even-split and in a union list. */
  static final class CountingMap implements MapFunction<Long, Long>, CheckpointedFunction {
    private transient ListState<Long> split;
    private transient ListState<Long> union;
    private transient long count;

    @Override
    public Long map(Long value) {
      count++;
      return value;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
      split = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Long.class));
      union = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("all counts", Long.class));
      List<Long> s = new ArrayList<>();
      split.get().forEach(s::add);
      List<Long> u = new ArrayList<>();
      union.get().forEach(u::add);
      Collections.sort(u);
      INITS.add(new Init(context.isRestored(), s, u));
      assertEquals(context.isRestored(), context.getRestoredCheckpointId().isPresent());
      assertEquals(null, context.getKeyedStateStore(), "a map on a non-keyed stream has no keyed state");
      count = s.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
      split.update(List.of(count));
      union.update(List.of(count));
      SNAPSHOTS.add(count);
    }
  }

  @Test
  void evenSplitAndUnionListsAreRedistributedAtAnotherParallelism() throws Exception {
    INITS.clear();
    SNAPSHOTS.clear();
    CollectingCheckpointedSink<Long> sink = new CollectingCheckpointedSink<>("counting", TypeInfo.of(Long.class));
    IntFunction<JobGraph> job = parallelism -> {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
      env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
      env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
      // Held in the first attempt (a quarter of the input per checkpoint), so that it is failed mid-stream.
      env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> i, N, 2_000), N / 4), "numbers")
          .returns(Long.class).setParallelism(1)
          .rebalance()
          .map(new CountingMap()).setParallelism(parallelism).name("counting")
          .sinkTo(sink).setParallelism(1);
      return env.buildJobGraph("checkpointed function");
    };
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(job.apply(2), checkpointDir, sink::received, 500, 200);
    List<Init> first = new ArrayList<>(INITS);
    assertEquals(2, first.size());
    assertTrue(first.stream().noneMatch(Init::restored), "a fresh start is not a restore");
    List<Long> snapshotted = new ArrayList<>(SNAPSHOTS);
    Collections.sort(snapshotted);
    assertEquals(2, snapshotted.size());
    INITS.clear();

    run.restoreAndFinish(job.apply(3), metadata);

    List<Init> restored = new ArrayList<>(INITS);
    assertEquals(3, restored.size());
    assertTrue(restored.stream().allMatch(Init::restored), "every new subtask knows the job was restored");
    List<Long> splitElements = new ArrayList<>();
    for (Init i : restored) {
      assertTrue(i.split().size() <= 1, "two elements cut among three subtasks: " + i.split());
      splitElements.addAll(i.split());
      assertEquals(snapshotted, i.union(), "every subtask gets the whole union list");
    }
    Collections.sort(splitElements);
    assertEquals(snapshotted, splitElements, "the even-split elements, each once");
    // Together the counts say how many numbers reached the map before the checkpoint; and the
    // restored job's output is every number exactly once.
    long counted = snapshotted.stream().mapToLong(Long::longValue).sum();
    assertEquals(sink.restored(), counted);
    List<Long> out = new ArrayList<>(sink.results());
    Collections.sort(out);
    assertEquals(LongStream.range(0, N).boxed().toList(), out);
    assertFalse(out.isEmpty());
  }
}
