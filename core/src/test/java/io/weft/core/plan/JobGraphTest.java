package io.weft.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.ProcessFunction;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.Transformation.OperatorTransformation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the plan turns into tasks: chaining, parallelism, validation and the fingerprint. */
class JobGraphTest {

  // ---- helpers ----

  private static List<List<String>> chains(JobGraph graph) {
    return graph.vertices().stream()
        .map(v -> v.operators().stream().map(StreamNode::name).collect(Collectors.toList()))
        .collect(Collectors.toList());
  }

  private static StreamNode node(JobGraph graph, String name) {
    return graph.streamGraph().nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no operator named '" + name + "' in " + graph.streamGraph().nodes()));
  }

  private static JobVertex vertexOf(JobGraph graph, String name) {
    return graph.vertexOf(node(graph, name));
  }

  /** The single in-edge of the operator named {@code name}. */
  private static StreamEdge inEdge(JobGraph graph, String name) {
    List<StreamEdge> in = node(graph, name).inEdges();
    assertEquals(1, in.size(), "in-edges of " + name);
    return in.get(0);
  }

  private static void assertSameTask(JobGraph graph, String a, String b) {
    assertSame(vertexOf(graph, a), vertexOf(graph, b), a + " and " + b + " should be chained:\n" + graph.describe());
  }

  private static void assertSeparateTasks(JobGraph graph, String a, String b) {
    assertNotEquals(vertexOf(graph, a).id(), vertexOf(graph, b).id(),
        a + " and " + b + " should not be chained:\n" + graph.describe());
  }

  // ---- chaining ----

  @Test
  void sourceMapFilterSinkAtEqualParallelismIsOneTask() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.fromSequence(1, 100).map(x -> x * 2).name("double").filter(x -> x % 3 == 0).name("thirds")
        .print().name("sink");
    JobGraph graph = env.buildJobGraph("chain");

    assertEquals(List.of(List.of("Source: Sequence Source", "double", "thirds", "sink")), chains(graph));
    JobVertex only = graph.vertices().get(0);
    assertEquals(4, only.parallelism());
    assertTrue(only.inputs().isEmpty());
    assertTrue(only.outputs().isEmpty(), "a fully chained job has no network edges");
    assertTrue(only.isSource());
    assertEquals("Source: Sequence Source -> double -> thirds -> sink", only.name());
    for (StreamEdge e : node(graph, "double").outEdges()) {
      assertTrue(JobGraph.isChainable(e));
      assertEquals(Partitioning.Kind.FORWARD, e.partitioning().kind());
    }
  }

  @Test
  void parallelismChangeBreaksTheChain() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.fromSequence(1, 100).map(x -> x).name("narrow").setParallelism(2)
        .filter(x -> true).name("wide").print().name("sink");
    JobGraph graph = env.buildJobGraph("p-change");

    assertEquals(3, graph.vertices().size(), graph.describe());
    assertSeparateTasks(graph, "Source: Sequence Source", "narrow");
    assertSeparateTasks(graph, "narrow", "wide");
    assertSameTask(graph, "wide", "sink");
    // With no partitioning given, a parallelism change means round robin.
    assertEquals(Partitioning.Kind.REBALANCE, inEdge(graph, "narrow").partitioning().kind());
    assertEquals(Partitioning.Kind.REBALANCE, inEdge(graph, "wide").partitioning().kind());
    assertFalse(JobGraph.isChainable(inEdge(graph, "narrow")));
    assertEquals(2, vertexOf(graph, "narrow").parallelism());
    assertEquals(4, vertexOf(graph, "wide").parallelism());
  }

  @Test
  void keyByBreaksTheChain() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    env.fromSequence(1, 100).map(x -> x).name("before").keyBy(x -> x % 5).reduce(Long::sum).name("reduce")
        .print().name("sink");
    JobGraph graph = env.buildJobGraph("keyBy");

    assertEquals(List.of(List.of("Source: Sequence Source", "before"), List.of("reduce", "sink")), chains(graph));
    StreamEdge edge = inEdge(graph, "reduce");
    assertEquals(Partitioning.Kind.HASH, edge.partitioning().kind());
    assertTrue(edge.partitioning().keySelector() != null);
    assertEquals(List.of(edge), vertexOf(graph, "before").outputs());
    assertEquals(List.of(edge), vertexOf(graph, "reduce").inputs());
  }

  @Test
  void rebalanceBreaksTheChainEvenAtEqualParallelism() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 100).rebalance().map(x -> x).name("after").print().name("sink");
    JobGraph graph = env.buildJobGraph("rebalance");

    assertEquals(List.of(List.of("Source: Sequence Source"), List.of("after", "sink")), chains(graph));
    assertEquals(Partitioning.Kind.REBALANCE, inEdge(graph, "after").partitioning().kind());
  }

  @Test
  void disableChainingGivesTheOperatorATaskOfItsOwn() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 100).map(x -> x).name("a").map(x -> x).name("alone").disableChaining()
        .map(x -> x).name("b").print().name("sink");
    JobGraph graph = env.buildJobGraph("disable");

    assertEquals(List.of(List.of("Source: Sequence Source", "a"), List.of("alone"), List.of("b", "sink")),
        chains(graph));
    // The edges around it stay FORWARD (equal parallelism) but are network edges now.
    assertEquals(Partitioning.Kind.FORWARD, inEdge(graph, "alone").partitioning().kind());
    assertFalse(JobGraph.isChainable(inEdge(graph, "alone")));
    assertFalse(JobGraph.isChainable(inEdge(graph, "b")));
  }

  @Test
  void sideOutputEdgeIsNotChainedButTheMainOutputIs() {
    OutputTag<Long> odd = new OutputTag<>("odd");
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    SingleOutputStreamOperator<Long> split = env.fromSequence(1, 100).process(new ProcessFunction<Long, Long>() {
      @Override
      public void processElement(Long value, Context ctx, Collector<Long> out) {
        if (value % 2 == 0) {
          out.collect(value);
        } else {
          ctx.output(odd, value);
        }
      }
    }).name("split");
    split.print().name("main-sink");
    split.getSideOutput(odd).print().name("side-sink");
    JobGraph graph = env.buildJobGraph("side");

    assertSameTask(graph, "split", "main-sink");
    assertSeparateTasks(graph, "split", "side-sink");
    StreamEdge sideEdge = inEdge(graph, "side-sink");
    assertEquals(odd, sideEdge.sideOutputTag());
    assertFalse(JobGraph.isChainable(sideEdge));
    assertNull(inEdge(graph, "main-sink").sideOutputTag());
    assertEquals(List.of(sideEdge), vertexOf(graph, "split").outputs());
  }

  @Test
  void unionNodeHasTwoInputsAndHeadsItsOwnTask() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    DataStream<Long> a = env.fromSequence(1, 10);
    DataStream<Long> b = env.fromSequence(11, 20);
    a.union(b).map(x -> x).name("merged").print().name("sink");
    JobGraph graph = env.buildJobGraph("union");

    StreamNode merged = node(graph, "merged");
    assertEquals(2, merged.inEdges().size());
    for (StreamEdge e : merged.inEdges()) {
      assertFalse(JobGraph.isChainable(e), "an operator with two inputs cannot be chained: " + e);
    }
    assertEquals(3, graph.vertices().size(), graph.describe());
    JobVertex v = vertexOf(graph, "merged");
    assertEquals("merged", v.head().name());
    assertEquals(2, v.inputs().size());
    assertSameTask(graph, "merged", "sink");
  }

  @Test
  void fanOutToTwoChainableConsumersChainsBoth() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    DataStream<Long> m = env.fromSequence(1, 100).map(x -> x + 1).name("m");
    m.filter(x -> x % 2 == 0).name("even").print().name("sink-even");
    m.filter(x -> x % 2 == 1).name("odd").print().name("sink-odd");
    JobGraph graph = env.buildJobGraph("fan-out");

    assertEquals(1, graph.vertices().size(), graph.describe());
    JobVertex v = graph.vertices().get(0);
    assertEquals(List.of("Source: Sequence Source", "m", "even", "sink-even", "odd", "sink-odd"),
        v.operators().stream().map(StreamNode::name).collect(Collectors.toList()));
    assertEquals(2, node(graph, "m").outEdges().size());
    assertTrue(v.outputs().isEmpty());
  }

  @Test
  void fanOutWithOneNonChainableConsumer() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    DataStream<Long> m = env.fromSequence(1, 100).map(x -> x + 1).name("m");
    m.print().name("chained-sink");
    m.rebalance().print().name("rebalanced-sink");
    JobGraph graph = env.buildJobGraph("fan-out-2");

    assertSameTask(graph, "m", "chained-sink");
    assertSeparateTasks(graph, "m", "rebalanced-sink");
    assertEquals(1, vertexOf(graph, "m").outputs().size());
  }

  // ---- parallelism ----

  @Test
  void parallelismPrecedenceOperatorThenEnvironmentThenConfiguration() {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 3);

    StreamEnvironment fromConfig = StreamEnvironment.getExecutionEnvironment(conf);
    fromConfig.fromSequence(1, 10).map(x -> x).name("m").map(x -> x).name("own").setParallelism(5)
        .print().name("sink");
    JobGraph g1 = fromConfig.buildJobGraph("conf");
    assertEquals(3, node(g1, "Source: Sequence Source").parallelism(), "parallelism.default applies");
    assertEquals(3, node(g1, "m").parallelism());
    assertEquals(5, node(g1, "own").parallelism(), "the operator's own parallelism wins");
    assertEquals(3, node(g1, "sink").parallelism());
    assertEquals(5, g1.maxTaskParallelism());

    StreamEnvironment withEnv = StreamEnvironment.getExecutionEnvironment(conf);
    withEnv.setParallelism(2);
    withEnv.fromSequence(1, 10).map(x -> x).name("m").map(x -> x).name("own").setParallelism(5)
        .print().name("sink");
    JobGraph g2 = withEnv.buildJobGraph("env");
    assertEquals(2, node(g2, "m").parallelism(), "the environment's parallelism beats parallelism.default");
    assertEquals(5, node(g2, "own").parallelism(), "the operator's own parallelism beats the environment's");
    assertEquals(2, node(g2, "sink").parallelism());

    StreamEnvironment plain = StreamEnvironment.getExecutionEnvironment(new Configuration());
    plain.fromSequence(1, 10).print().name("sink");
    assertEquals(1, node(plain.buildJobGraph("default"), "sink").parallelism(), "parallelism.default defaults to 1");
  }

  @Test
  void fromElementsRunsAtParallelismOne() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.fromElements(1, 2, 3).map(x -> x).name("m").print().name("sink");
    JobGraph graph = env.buildJobGraph("elements");
    assertEquals(1, node(graph, "Source: Collection Source").parallelism());
    assertEquals(4, node(graph, "m").parallelism());
    assertEquals(Partitioning.Kind.REBALANCE, inEdge(graph, "m").partitioning().kind());
  }

  // ---- validation ----

  @Test
  void forwardWithUnequalParallelismIsRejectedNamingBothOperators() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.fromSequence(1, 10).map(x -> x).name("producer").forward().map(x -> x).name("consumer").setParallelism(2)
        .print();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.buildJobGraph("bad forward"));
    assertTrue(e.getMessage().contains("'producer'"), e.getMessage());
    assertTrue(e.getMessage().contains("'consumer'"), e.getMessage());
    assertTrue(e.getMessage().contains("forward()"), e.getMessage());
  }

  @Test
  void forwardWithEqualParallelismIsAccepted() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    env.fromSequence(1, 10).map(x -> x).name("producer").forward().map(x -> x).name("consumer").print();
    JobGraph graph = env.buildJobGraph("forward");
    assertEquals(Partitioning.Kind.FORWARD, inEdge(graph, "consumer").partitioning().kind());
    assertSameTask(graph, "producer", "consumer");
  }

  @Test
  void aWindowIsPlannedWithCheckpointsOn() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.getConfiguration().set(io.weft.core.config.CheckpointOptions.INTERVAL, java.time.Duration.ofSeconds(1));
    env.fromSequence(1, 10)
        .keyBy(v -> v % 2)
        .window(io.weft.api.windowing.assigners.TumblingEventTimeWindows.of(java.time.Duration.ofSeconds(1)))
        .reduce((a, b) -> a + b).name("sums")
        .print();
    JobGraph graph = env.buildJobGraph("windows");
    assertTrue(graph.vertices().stream().anyMatch(v -> v.name().contains("sums")), graph.describe());
  }

  @Test
  void keyedOperatorWithoutKeyByIsRejected() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    DataStream<Long> input = env.fromSequence(1, 10);
    KeyedProcessFunction<Long, Long, Long> fn = new KeyedProcessFunction<>() {
      @Override
      public void processElement(Long value, Context<Long> ctx, Collector<Long> out) {
        out.collect(value);
      }
    };
    OperatorTransformation<Long> keyed = new OperatorTransformation<>(env.nextId(), "stateful",
        new OperatorSpec.KeyedProcessSpec<Long, Long, Long>(x -> x, fn), List.of(input.rebalance().getTransformation()));
    env.addTransformation(keyed);
    new DataStream<>(env, keyed).print();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.buildJobGraph("no keyBy"));
    assertTrue(e.getMessage().contains("'stateful'"), e.getMessage());
    assertTrue(e.getMessage().contains("keyBy"), e.getMessage());
  }

  @Test
  void jobWithoutSinkIsRejected() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 10).map(x -> x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.buildJobGraph("no sink"));
    assertTrue(e.getMessage().contains("no sink"), e.getMessage());

    StreamEnvironment empty = StreamEnvironment.createLocalEnvironment(2);
    IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> empty.buildJobGraph("empty"));
    assertTrue(e2.getMessage().contains("no operators"), e2.getMessage());
  }

  @Test
  void batchModeNeedsBoundedSources() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.setRuntimeMode(RuntimeMode.BATCH);
    env.fromSource(new io.weft.api.source.GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless").print();
    assertThrows(IllegalStateException.class, () -> env.buildJobGraph("unbounded batch"));

    StreamEnvironment auto = StreamEnvironment.createLocalEnvironment(1);
    auto.setRuntimeMode(RuntimeMode.AUTOMATIC);
    auto.fromSequence(1, 3).print();
    assertEquals(RuntimeMode.BATCH, auto.buildJobGraph("auto").runtimeMode());
  }

  // ---- fingerprint ----

  private static final MapFunction<Long, Long> PLUS_ONE = x -> x + 1;
  private static final MapFunction<Long, Long> TIMES_TWO = x -> x * 2;

  private static JobGraph plan(int mapParallelism, MapFunction<Long, Long> mapper, boolean filter) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    DataStream<Long> s = env.fromSequence(1, 100).map(mapper).name("m").setParallelism(mapParallelism);
    if (filter) {
      s = s.filter(x -> x > 0).name("f");
    } else {
      s = s.map(x -> x).name("f");
    }
    s.keyBy(x -> x % 7).reduce(Long::sum).name("r").print().name("sink");
    return env.buildJobGraph("fingerprinted");
  }

  @Test
  void fingerprintIsStableAcrossRebuildsAndSensitiveToChanges() {
    String base = plan(2, PLUS_ONE, true).fingerprint();
    assertEquals(base, plan(2, PLUS_ONE, true).fingerprint(), "two identical plans built separately");
    assertEquals(32, base.length());

    assertNotEquals(base, plan(3, PLUS_ONE, true).fingerprint(), "a parallelism change");
    assertNotEquals(base, plan(2, TIMES_TWO, true).fingerprint(), "another user function");
    assertNotEquals(base, plan(2, PLUS_ONE, false).fingerprint(), "another kind of operator");
  }

  /** Loads {@link FingerprintPlans} anew, as a separate JVM running the same program would. */
  private static final class ReloadingClassLoader extends ClassLoader {
    ReloadingClassLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(FingerprintPlans.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (java.io.InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (java.io.IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }

  @Test
  void fingerprintDoesNotDependOnTheRuntimeNamesOfLambdaClasses() throws Exception {
    String here = FingerprintPlans.fingerprint();
    assertEquals(here, FingerprintPlans.fingerprint());
    // The same program in a fresh class loader: its lambdas are spun into new hidden classes
    // (named ...$$Lambda$<counter>/<address>), as they are in every other JVM that runs main().
    Class<?> reloaded = new ReloadingClassLoader(FingerprintPlans.class.getClassLoader())
        .loadClass(FingerprintPlans.class.getName());
    assertNotSame(FingerprintPlans.class, reloaded);
    String elsewhere = (String) reloaded.getMethod("fingerprint").invoke(null);
    assertEquals(here, elsewhere, "the same program must have the same fingerprint wherever it is built");
  }

  // ---- types at exchanges ----

  @Test
  void anUnknownTypeAtAnExchangeIsRefusedWhateverThePlacement() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 10)
        .map(i -> io.weft.api.tuple.Tuple2.of(i, i)).name("pair")
        .rebalance()
        .map(t -> t.f0).name("first")
        .print();
    JobGraph untyped = env.buildJobGraph("untyped");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, untyped::checkExchangedTypes);
    assertEquals("the records from 'pair' to 'first' go through a REBALANCE exchange, which may cross TaskManagers"
        + " and so serializes them, but their type is unknown (a lambda's generic result type is erased): declare it"
        + " with .returns(...) on 'pair'", e.getMessage());

    env.fromSequence(1, 10)
        .map(i -> io.weft.api.tuple.Tuple2.of(i, i)).returns(io.weft.core.types.Types.TUPLE(
            io.weft.core.types.Types.LONG, io.weft.core.types.Types.LONG)).name("pair")
        .rebalance()
        .map(t -> t.f0).name("first")
        .print();
    env.buildJobGraph("typed").checkExchangedTypes();

    env.fromSequence(1, 10)
        .map(i -> io.weft.api.tuple.Tuple2.of(i, i)).name("pair").disableChaining()
        .map(t -> t.f0).name("first")
        .print();
    env.buildJobGraph("forward").checkExchangedTypes(); // a forward edge stays in its slot: nothing to serialize
  }
}
