package io.weft.worker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.sink.CollectSink;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.types.TypeInfo;
import io.weft.state.StateBackendFactory;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.worker.operators.KeyedReduceOperator;
import io.weft.state.snapshot.TaskStateSnapshot;
import org.junit.jupiter.api.io.TempDir;
import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.types.TypeHint;
import io.weft.dataplane.netty.TransportConfig;
import io.weft.dataplane.remote.NetworkEnvironment;
import io.weft.worker.harness.TestThreads;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskWiring;
import io.weft.worker.task.TaskWiring.SubtaskId;
import io.weft.worker.taskmanager.TaskManager;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs split over two TaskManagers in one JVM, each with its own network environment: every
 * record between them is serialized, sent over an authenticated loopback connection with credit,
 * and decoded, exactly as between two containers.
 */
@Timeout(300) // a hang guard: the waits inside allow a loaded machine up to Await.DEFAULT each
class TwoTaskManagersTest {
  private static final byte[] SECRET = "a test secret of enough bytes!!".getBytes();

  private final List<NetworkEnvironment> networks = new ArrayList<>();
  private final List<TaskManager> taskManagers = new ArrayList<>();
  private final Map<String, ExecutionState> states = new ConcurrentHashMap<>();
  private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
  /** Checkpoint id -> the tasks that acknowledged it. */
  private final Map<Long, Set<String>> acknowledged = new ConcurrentHashMap<>();
  /** Checkpoint id -> what each task said of its state. */
  private final Map<Long, Map<String, byte[]>> acknowledgedState = new ConcurrentHashMap<>();
  /** Per checkpoint and task: the state size and alignment time it reported. */
  private final Map<Long, Map<String, long[]>> acknowledgedFigures = new ConcurrentHashMap<>();
  @TempDir
  java.nio.file.Path checkpointDir;
  private final TaskListener listener = new TaskListener() {
    @Override
    public void stateChanged(Task task, ExecutionState state, Throwable failure) {
      states.put(task.name(), state);
      if (failure != null) {
        failures.put(task.name(), failure);
      }
    }

    @Override
    public void checkpointAcknowledged(Task task, long checkpointId, byte[] state, long stateSizeBytes,
        long alignmentMillis) {
      acknowledgedFigures.computeIfAbsent(checkpointId, id -> new ConcurrentHashMap<>())
          .put(task.name(), new long[] {stateSizeBytes, alignmentMillis});
      acknowledgedState.computeIfAbsent(checkpointId, id -> new ConcurrentHashMap<>()).put(task.name(), state);
      acknowledged.computeIfAbsent(checkpointId, id -> ConcurrentHashMap.newKeySet()).add(task.name());
    }
  };

  @BeforeEach
  void startNetworks() throws Exception {
    for (String name : List.of("tm-a", "tm-b")) {
      networks.add(NetworkEnvironment.start(TransportConfig.of(name, "127.0.0.1", 0, SECRET), 8 << 20, 2, 8));
      taskManagers.add(new TaskManager(name, 4));
    }
  }

  @AfterEach
  void stop() {
    taskManagers.forEach(TaskManager::close);
    for (NetworkEnvironment n : networks) {
      assertEquals(n.totalBuffers(), n.availableBuffers(), "every network buffer came back");
      n.close();
    }
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  /** Subtask i of every vertex on TaskManager i % 2, and everything else located at the other one. */
  private List<Task> deploy(JobGraph graph) throws Exception {
    List<Task> all = new ArrayList<>();
    Set<SubtaskId> subtasks = TaskWiring.allSubtasks(graph);
    for (int tm = 0; tm < 2; tm++) {
      int home = tm;
      Set<SubtaskId> mine = subtasks.stream().filter(s -> s.subtaskIndex() % 2 == home).collect(Collectors.toSet());
      Map<SubtaskId, InetSocketAddress> elsewhere = new HashMap<>();
      subtasks.stream().filter(s -> !mine.contains(s)).forEach(s -> elsewhere.put(s, networks.get(1 - home).address()));
      List<Task> tasks = TaskWiring.build(graph, "job-1", mine, null, listener, taskManagers.get(tm).timers(),
          new TaskWiring.Remote(networks.get(tm), elsewhere), io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget());
      for (Task t : tasks) {
        taskManagers.get(tm).deploy(t.setup().subtaskIndex() / 2, t);
      }
      all.addAll(tasks);
    }
    return all;
  }

  /**
   * Cancels the tasks reading from others before those they read from, as a job's cancel is meant:
   * a consumer still running when its producer on the other TaskManager is canceled fails,
   * rightly, with the producer's cancellation.
   */
  private static void cancelConsumersFirst(List<Task> tasks) {
    tasks.stream().filter(t -> !t.name().startsWith("Source")).forEach(Task::cancel);
    tasks.stream().filter(t -> t.name().startsWith("Source")).forEach(Task::cancel);
  }

  private void awaitEnd(List<Task> tasks) {
    Await.until("every task ended", Await.DEFAULT, () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
  }

  @Test
  void keyedSumsAcrossTaskManagersAreExact() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.setRuntimeMode(RuntimeMode.BATCH);
    CollectSink<Tuple2<Long, Long>> sink = new CollectSink<>();
    // Records of 2 longs, 400k of them: many network buffers per channel, records spanning buffers.
    env.fromSequence(0, 399_999)
        .map(v -> Tuple2.of(v % 1000, v)).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0)
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1))
        .sinkTo(sink);
    List<Task> tasks = deploy(env.buildJobGraph("keyed-sum"));
    awaitEnd(tasks);

    assertEquals(Map.of(), failures);
    Map<Long, Long> sums = new TreeMap<>();
    for (Tuple2<Long, Long> t : sink.results()) {
      assertEquals(null, sums.put(t.f0, t.f1), "one final value per key in BATCH mode");
    }
    assertEquals(1000, sums.size());
    for (long k = 0; k < 1000; k++) {
      // k + (k+1000) + ... + (k+399000) = 400k + 1000 * (0 + 1 + ... + 399)
      assertEquals(400 * k + 1000L * 399 * 400 / 2, sums.get(k), "sum of key " + k);
    }
    sink.discard();
  }

  @Test
  void aFailingProducerFailsItsRemoteConsumerWithTheCause() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<Long> sink = new CollectSink<>();
    env.fromSequence(0, 1_000_000)
        .map(v -> {
          if (v == 50_001) { // subtask 1 of 2 sees the odd numbers
            throw new IllegalStateException("boom at " + v);
          }
          return v;
        }).returns(Long.class)
        .rebalance()
        .map(v -> v).returns(Long.class).name("after")
        .sinkTo(sink);
    List<Task> tasks = deploy(env.buildJobGraph("failing"));
    // Without a JobManager nobody cancels the rest: the consumer on the other TaskManager must notice.
    java.util.function.Predicate<String> consumerOnA = n -> n.startsWith("after") && n.endsWith("(1/2)");
    Await.until("the consumer on TaskManager a failed", Await.DEFAULT,
        () -> failures.keySet().stream().anyMatch(consumerOnA));
    Throwable consumerFailure = failures.entrySet().stream().filter(e -> consumerOnA.test(e.getKey()))
        .findFirst().orElseThrow().getValue();
    assertTrue(describe(consumerFailure).contains("boom at 50001"), describe(consumerFailure));
    cancelConsumersFirst(tasks);
    awaitEnd(tasks);
    sink.discard();
  }

  @Test
  void theBufferTimeoutSendsPartlyFilledBuffersToTheOtherTaskManager() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<Long> sink = new CollectSink<>();
    // 20 records per second per subtask, unbounded: no batch or buffer ever fills up.
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE, 20), "slow").returns(Long.class)
        .rebalance()
        .map(v -> v).returns(Long.class)
        .sinkTo(sink);
    List<Task> tasks = deploy(env.buildJobGraph("trickle"));
    // Only the 100 ms buffer timeout can get these records across while the sources run on.
    Await.until("records arrived", Await.DEFAULT, () -> sink.results().size() >= 10);
    assertTrue(tasks.stream().noneMatch(t -> t.state().isTerminal()), "the job still runs");
    cancelConsumersFirst(tasks);
    awaitEnd(tasks);
    assertEquals(Map.of(), failures);
    sink.discard();
  }

  @Test
  void aSlowConsumerOnTheOtherTaskManagerBackpressuresItsProducer() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<Long> sink = new CollectSink<>();
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "fast").returns(Long.class)
        .rebalance()
        .map(v -> {
          Thread.sleep(1);
          return v;
        }).returns(Long.class).name("slow")
        .sinkTo(sink);
    List<Task> tasks = deploy(env.buildJobGraph("backpressure"));
    Task producer = tasks.stream().filter(t -> t.name().startsWith("Source")).findFirst().orElseThrow();
    Task consumer = tasks.stream().filter(t -> t.name().startsWith("slow")).findFirst().orElseThrow();
    // The consumer counts a batch once it has processed it: 1024 records at 1 ms each, longer under load.
    Await.until("the producer waited half a second for room while the consumer worked", Await.DEFAULT,
        () -> producer.backPressuredNanos() > 500_000_000L && consumer.recordsIn() > 0);
    assertTrue(producer.outputFill() > 0.5, "its output channels are full: " + producer.outputFill());
    assertTrue(consumer.backPressuredNanos() < producer.backPressuredNanos());
    cancelConsumersFirst(tasks);
    awaitEnd(tasks);
    sink.discard();
  }

  @Test
  void checkpointsAlignAcrossTaskManagersAndCaptureTheKeyedState() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.getConfiguration().set(CheckpointOptions.DIRECTORY, checkpointDir.toUri().toString());
    CollectSink<Tuple2<Long, Long>> sink = new CollectSink<>();
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE, 2_000), "numbers").returns(Long.class)
        .map(v -> Tuple2.of(v % 10, v)).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("sums")
        .sinkTo(sink);
    JobGraph graph = env.buildJobGraph("checkpointed");
    List<Task> tasks = deploy(graph);
    Await.until("every task runs", Await.DEFAULT,
        () -> tasks.stream().allMatch(t -> t.state() == ExecutionState.RUNNING));
    Await.until("every key was seen", Await.DEFAULT, () -> sink.results().size() >= 10);
    for (long id = 1; id <= 3; id++) {
      long checkpoint = id;
      tasks.stream().filter(t -> t.setup().vertex().isSource()).forEach(t -> t.triggerCheckpoint(checkpoint, 0));
      Await.until("every task acknowledged checkpoint " + checkpoint, Await.DEFAULT,
          () -> acknowledged.getOrDefault(checkpoint, Set.of()).size() == tasks.size());
    }
    cancelConsumersFirst(tasks);
    awaitEnd(tasks);
    assertEquals(Set.of(1L, 2L, 3L), acknowledged.keySet());

    // The two keyed subtasks' handles of checkpoint 3 restore all ten keys into one subtask.
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : acknowledgedState.get(3L).entrySet()) {
      TaskStateSnapshot snapshot = TaskStateSnapshot.fromBytes(e.getValue());
      long[] figures = acknowledgedFigures.get(3L).get(e.getKey());
      assertTrue(figures[1] >= 0, "an alignment time from " + e.getKey());
      if (e.getKey().startsWith("sums")) {
        assertEquals(1, snapshot.operators().size(), e.getKey());
        handles.add(snapshot.operators().get(0).keyed());
        assertEquals(snapshot.operators().get(0).keyed().stateSize(), figures[0], "the state size " + e.getKey()
            + " reports is its keyed state's");
        assertTrue(figures[0] > 0, e.getKey());
      } else if (e.getKey().startsWith("Source")) {
        assertEquals(1, snapshot.operators().size(), e.getKey());
        assertTrue(snapshot.operators().get(0).operatorState() != null, "the reader's position in " + e.getKey());
        assertEquals(snapshot.operators().get(0).operatorState().length, figures[0], "the position's bytes");
        assertEquals(0, figures[1], "a source does not align");
      } else {
        assertEquals(List.of(), snapshot.operators(), "no state in " + e.getKey());
      }
    }
    assertEquals(2, handles.size());
    int maxParallelism = graph.vertices().stream().filter(v -> v.name().startsWith("sums")).findFirst()
        .orElseThrow().head().maxParallelism();
    try (KeyedStateBackend<Long> restored = StateBackendFactory.createKeyedBackend(env.getConfiguration(), 0, 1,
        maxParallelism, TypeInfo.of(Long.class).createSerializer(), List.of(), 0, handles,
        new org.apache.hadoop.conf.Configuration())) {
      ValueState<Tuple2<Long, Long>> sums = restored.getValueState(new ValueStateDescriptor<>(
          KeyedReduceOperator.STATE_NAME, TypeInfo.of(new TypeHint<Tuple2<Long, Long>>() {})));
      assertEquals(10, restored.numEntries(KeyedReduceOperator.STATE_NAME));
      for (long key = 0; key < 10; key++) {
        restored.setCurrentKey(key);
        assertEquals(key, sums.value().f0);
        assertTrue(sums.value().f1 >= key, "a running sum of the key's numbers: " + sums.value());
      }
    }
    sink.discard();
  }

  @Test
  void aRecordTypeThatMustCrossTheNetworkMustBeKnown() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<Object> sink = new CollectSink<>();
    env.fromSequence(0, 10).map(v -> (Object) v).rebalance().sinkTo(sink);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> deploy(env.buildJobGraph("untyped")));
    assertTrue(e.getMessage().contains(".returns(...)"), e.getMessage());
    sink.discard();
  }

  /** Sums input 1's values per key, adds input 2's once per key, and emits the total when the input ends. */
  static final class SumBoth extends io.weft.api.functions.co.KeyedCoProcessFunction<Long, Tuple2<Long, Long>,
      Tuple2<Long, Long>, Tuple2<Long, Long>> {
    private transient ValueState<Long> sum;

    @Override
    public void open() {
      sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
    }

    private void add(long key, long v, Context<Long> ctx) throws Exception {
      sum.update((sum.value() == null ? 0 : sum.value()) + v);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void processElement1(Tuple2<Long, Long> value, Context<Long> ctx,
        io.weft.api.functions.Collector<Tuple2<Long, Long>> out) throws Exception {
      add(value.f0, value.f1, ctx);
    }

    @Override
    public void processElement2(Tuple2<Long, Long> value, Context<Long> ctx,
        io.weft.api.functions.Collector<Tuple2<Long, Long>> out) throws Exception {
      add(value.f0, value.f1, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx,
        io.weft.api.functions.Collector<Tuple2<Long, Long>> out) throws Exception {
      out.collect(Tuple2.of(ctx.getCurrentKey(), sum.value()));
    }
  }

  @Test
  void aKeyedCoProcessReadsBothInputsAcrossTaskManagers() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    CollectSink<Tuple2<Long, Long>> sink = new CollectSink<>();
    TypeHint<Tuple2<Long, Long>> pair = new TypeHint<>() {};
    var first = env.fromSequence(0, 199_999).map(v -> Tuple2.of(v % 100, v)).returns(pair);
    var second = env.fromSequence(0, 99).map(v -> Tuple2.of(v, 1_000_000L)).returns(pair).setParallelism(2);
    first.connect(second).keyBy(t -> t.f0, t -> t.f0, TypeInfo.of(Long.class)).process(new SumBoth()).returns(pair)
        .sinkTo(sink);
    List<Task> tasks = deploy(env.buildJobGraph("co-process"));
    awaitEnd(tasks);
    assertEquals(Map.of(), failures);
    Map<Long, Long> sums = new TreeMap<>();
    for (Tuple2<Long, Long> t : sink.results()) {
      assertEquals(null, sums.put(t.f0, t.f1), "one result per key");
    }
    assertEquals(100, sums.size());
    for (long k = 0; k < 100; k++) {
      // Keys k, k + 100, ...: 2000 numbers summing to 2000 k + 100 * (0 + 1 + ... + 1999), plus input 2's.
      assertEquals(2000 * k + 100L * 1999 * 2000 / 2 + 1_000_000, sums.get(k), "key " + k);
    }
    sink.discard();
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c).append(" / ");
    }
    return b.toString();
  }
}
