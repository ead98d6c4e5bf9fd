package io.weft.api.environment;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.datastream.TypeGuesses;
import io.weft.api.source.FromElementsSource;
import io.weft.api.source.GeneratorSource;
import io.weft.api.source.Source;
import io.weft.api.source.TextFileSource;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.PlanCapture;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.plan.StreamGraph;
import io.weft.core.plan.Transformation;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;

/**
 * Where a program starts: creates sources, holds job-wide settings, and runs the job. The same
 * program runs in this JVM ({@code execution.target: local}) or on YARN, depending on how it was
 * started ({@code weft run -m local|yarn-cluster}).
 */
public class StreamEnvironment {
  private static volatile Configuration contextConfiguration;

  private final Configuration configuration;
  private final List<Transformation<?>> transformations = new ArrayList<>();
  private int parallelism = -1;
  private int maxParallelism = -1;
  private int nextId = 1;

  protected StreamEnvironment(Configuration configuration) {
    this.configuration = new Configuration(configuration);
    int max = this.configuration.get(CoreOptions.MAX_PARALLELISM);
    if (max > 0) {
      this.maxParallelism = max;
    }
  }

  /**
   * The environment of the context the program runs in: what {@code weft run} set up, or a local
   * one when the program's main() is started directly.
   */
  public static StreamEnvironment getExecutionEnvironment() {
    Configuration context = contextConfiguration;
    return new StreamEnvironment(context != null ? context : new Configuration());
  }

  public static StreamEnvironment getExecutionEnvironment(Configuration configuration) {
    Configuration merged = new Configuration();
    Configuration context = contextConfiguration;
    if (context != null) {
      merged.addAll(context);
    }
    return new StreamEnvironment(merged.addAll(configuration));
  }

  /** An environment that runs jobs in this JVM with the given default parallelism. */
  public static StreamEnvironment createLocalEnvironment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.EXECUTION_TARGET, "local");
    StreamEnvironment env = new StreamEnvironment(conf);
    env.setParallelism(parallelism);
    return env;
  }

  /** Set by the launcher before it calls the program's main(); not for user code. */
  public static void setContextConfiguration(Configuration configuration) {
    contextConfiguration = configuration == null ? null : new Configuration(configuration);
  }

  public Configuration getConfiguration() {
    return configuration;
  }

  public StreamEnvironment setParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
    return this;
  }

  /** The parallelism set on this environment, else the configured default. */
  public int getParallelism() {
    return parallelism > 0 ? parallelism : configuration.get(CoreOptions.DEFAULT_PARALLELISM);
  }

  public StreamEnvironment setMaxParallelism(int maxParallelism) {
    if (maxParallelism < 1) {
      throw new IllegalArgumentException("max parallelism must be at least 1, not " + maxParallelism);
    }
    this.maxParallelism = maxParallelism;
    return this;
  }

  public StreamEnvironment setRuntimeMode(RuntimeMode mode) {
    configuration.set(CoreOptions.RUNTIME_MODE, mode);
    return this;
  }

  /** How long output may wait in a partly filled buffer, in milliseconds; 0 sends each element at once. */
  /**
   * Gives every TaskManager a copy of a file or directory, once, under {@code name}; functions read
   * it through {@code getRuntimeContext().getDistributedCache().getFile(name)}. A path without a
   * scheme is on this machine's disk (uploaded at submission); {@code hdfs://...} or any Hadoop
   * FileSystem path is read by the NodeManagers in place. A missing or unreadable file is refused
   * before the job is submitted.
   */
  public void registerCachedFile(String filePath, String name) {
    registerCachedFile(filePath, name, false);
  }

  /** {@link #registerCachedFile(String, String)}; {@code executable} makes the copy executable. */
  public void registerCachedFile(String filePath, String name, boolean executable) {
    io.weft.core.cache.CachedFiles.register(configuration,
        new io.weft.core.cache.CachedFile(name, filePath, executable));
  }

  public StreamEnvironment setBufferTimeout(long millis) {
    configuration.set(CoreOptions.BUFFER_TIMEOUT, java.time.Duration.ofMillis(millis));
    return this;
  }

  // ---- sources ----

  /**
   * A stream read from {@code source}. Its element type comes from the source's class where that
   * binds {@code Source<T>} (as {@code class Clicks implements Source<Click>} does); otherwise it
   * is unknown until you declare it with {@code .returns(...)} or use the overload with a type. It
   * is needed wherever elements are serialized (between TaskManagers, in state).
   */
  public <T> SingleOutputStreamOperator<T> fromSource(Source<T> source, String name) {
    OperatorTransformation<T> t = new OperatorTransformation<>(nextId(), "Source: " + name,
        new OperatorSpec.SourceSpec<>(source), List.of());
    TypeInfo<T> type = TypeGuesses.output(source, Source.class, 0);
    if (type != null) {
      t.setOutputType(type);
    }
    transformations.add(t);
    return new SingleOutputStreamOperator<>(this, t);
  }

  /** A stream read from {@code source}, whose elements are of {@code type}. */
  public <T> SingleOutputStreamOperator<T> fromSource(Source<T> source, String name, TypeInfo<T> type) {
    return fromSource(source, name).returns(type);
  }

  /** A bounded stream of the given elements, read by one subtask in order (as in Flink). */
  @SafeVarargs
  public final <T> DataStream<T> fromElements(T... elements) {
    return fromCollection(Arrays.asList(elements));
  }

  public <T> DataStream<T> fromCollection(Collection<T> elements) {
    if (elements.isEmpty()) {
      throw new IllegalArgumentException("fromElements/fromCollection needs at least one element");
    }
    DataStream<T> stream = fromSource(new FromElementsSource<>(new ArrayList<>(elements)), "Collection Source");
    stream.getTransformation().setParallelism(1);
    // As in Flink, a tuple's type comes from its fields' values: Tuple2.class alone says nothing.
    stream.getTransformation().setOutputType(TypeGuesses.ofValue(elements.iterator().next()));
    return stream;
  }

  /** The numbers from {@code from} to {@code to}, both included, split over the parallel subtasks. */
  public DataStream<Long> fromSequence(long from, long to) {
    DataStream<Long> stream = fromSource(GeneratorSource.sequence(from, to), "Sequence Source");
    stream.getTransformation().setOutputType(TypeInfo.of(Long.class));
    return stream;
  }

  /** The lines of a text file (or of the files in a directory) on any Hadoop FileSystem. */
  public DataStream<String> readTextFile(String path) {
    DataStream<String> stream = fromSource(new TextFileSource(path), "Text File " + path);
    stream.getTransformation().setOutputType(TypeInfo.of(String.class));
    return stream;
  }

  // ---- running ----

  public JobExecutionResult execute() throws Exception {
    return execute(null);
  }

  /** Runs the job and waits for it to end; throws {@link JobExecutionException} if it failed. */
  public JobExecutionResult execute(String jobName) throws Exception {
    JobClient client = executeAsync(jobName);
    try {
      return client.getJobExecutionResult().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    } catch (InterruptedException e) {
      client.cancel();
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** Submits the job and returns at once. */
  public JobClient executeAsync(String jobName) throws Exception {
    JobGraph graph = buildJobGraph(jobName);
    // Before the plan leaves: a type a cluster run would fail to serialize fails every run, here.
    graph.checkExchangedTypes();
    PlanCapture.offer(graph);
    String target = configuration.get(CoreOptions.EXECUTION_TARGET);
    for (PipelineExecutor executor : ServiceLoader.load(PipelineExecutor.class, executorClassLoader())) {
      if (executor.name().equals(target)) {
        return executor.execute(graph, configuration);
      }
    }
    throw new IllegalStateException("No executor for execution.target '" + target
        + "' on the classpath (local runs need weft-container-worker; yarn-cluster runs need weft-launcher)");
  }

  /** Builds the plan without running it, and forgets the operators defined so far. */
  public JobGraph buildJobGraph(String jobName) {
    String name = jobName != null ? jobName
        : configuration.get(CoreOptions.JOB_NAME) != null ? configuration.get(CoreOptions.JOB_NAME) : "Weft Job";
    StreamGraph streamGraph = StreamGraph.build(transformations, parallelism, maxParallelism, configuration);
    RuntimeMode mode = configuration.get(CoreOptions.RUNTIME_MODE);
    if (mode == RuntimeMode.AUTOMATIC) {
      mode = allSourcesBounded(streamGraph) ? RuntimeMode.BATCH : RuntimeMode.STREAMING;
    } else if (mode == RuntimeMode.BATCH && !allSourcesBounded(streamGraph)) {
      throw new IllegalStateException("execution.runtime-mode BATCH needs bounded sources; use STREAMING");
    }
    transformations.clear();
    return new JobGraph(name, streamGraph, configuration, mode);
  }

  private static boolean allSourcesBounded(StreamGraph graph) {
    return graph.nodes().stream()
        .filter(n -> n.spec() instanceof OperatorSpec.SourceSpec)
        .allMatch(n -> ((OperatorSpec.SourceSpec<?>) n.spec()).source().isBounded());
  }

  private static ClassLoader executorClassLoader() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return tccl != null ? tccl : StreamEnvironment.class.getClassLoader();
  }

  // ---- for the DataStream classes ----

  /** Hands out the next transformation id; ids grow in program order, so inputs have smaller ids. */
  public int nextId() {
    return nextId++;
  }

  public <T> DataStream<T> register(Transformation<T> t) {
    transformations.add(t);
    return new DataStream<>(this, t);
  }

  public void addTransformation(Transformation<?> t) {
    transformations.add(t);
  }
}
