package io.weft.worker.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple3;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeHint;
import io.weft.dataplane.netty.TransportConfig;
import io.weft.dataplane.remote.NetworkEnvironment;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskWiring;
import io.weft.worker.task.TaskWiring.SubtaskId;
import io.weft.worker.taskmanager.TaskManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The keyBy-sum job (J1 of ../shared/anchors) at parallelism 2, run two ways: in one TaskManager
 * process with two slots (every channel in the JVM), and split over two TaskManager processes
 * with one slot each (this one and a child JVM), so half of the keyed records cross the network.
 * Prints the anchor's line per run, {@code engine=weft job=J1 layout=... rps=...}, and the ratio.
 *
 * <p>Both TaskManagers live through all runs, as TaskManagers of a session do, and the first
 * rounds of both layouts (three by default) are not counted: the child JVM's just-in-time
 * compiler spends about 3 CPU-seconds on the network stack in the first round and still 0.4 to
 * 0.9 in the next two (measured per thread from /proc), and billing that to the runs would
 * measure the JIT, not the data plane.
 *
 * <p>With {@code --flink scripts/bench/flink-transport/run.sh}, each counted round also runs J1 on
 * Apache Flink in both layouts (a MiniCluster of one TaskManager with two slots, then of two
 * TaskManagers with one slot each, after one uncounted warm-up run each), so Flink's own ratio and
 * Weft's two-process figure against Flink's come from the same session.
 *
 * <p>Usage: {@code TwoProcessBench [--records N] [--runs R] [--warmups W] [--layout one|two|both]
 * [--flink RUN_SH]}.
 * Not a test: see docs/benchmarks.md.
 */
public final class TwoProcessBench {
  private static final byte[] SECRET = "weft two-process bench secret!!".getBytes(StandardCharsets.UTF_8);
  private static final long NETWORK_BYTES = 64L << 20;
  private static final AtomicLong SEEN = new AtomicLong();
  private static final int BUFFERS_PER_CHANNEL = Integer.getInteger("weft.bench.buffers", 2);
  private static final int FLOATING = Integer.getInteger("weft.bench.floating", 8);

  private TwoProcessBench() {}

  public static void main(String[] args) throws Exception {
    long records = 20_000_000L;
    int runs = 3;
    int warmups = 3;
    int childOf = -1;
    String layout = "both";
    String flink = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--warmups" -> warmups = Integer.parseInt(args[i + 1]);
        case "--child-of" -> childOf = Integer.parseInt(args[i + 1]);
        case "--layout" -> layout = args[i + 1];
        case "--flink" -> flink = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (childOf >= 0) {
      runChild(records, childOf);
      return;
    }
    List<Double> ones = new ArrayList<>();
    List<Double> twos = new ArrayList<>();
    List<Double> flinkOnes = new ArrayList<>();
    List<Double> flinkTwos = new ArrayList<>();
    try (Pair pair = layout.equals("one") ? null : new Pair(records)) {
      for (int r = 1 - warmups; r <= runs; r++) {
        if (r < 1) {
          System.out.println("warm-up round (not counted):");
        }
        int round = r + warmups;
        double one = layout.equals("two") ? Double.NaN : runOneProcess(records, round, r > 0);
        double two = pair == null ? Double.NaN : pair.run(round, r > 0);
        if (r > 0) {
          System.out.printf("run %d: two processes / one process = %.2f%n", r, two / one);
          ones.add(one);
          twos.add(two);
          if (flink != null) {
            flinkOnes.add(runFlink(flink, "one-tm", records));
            flinkTwos.add(runFlink(flink, "two-tms", records));
          }
        }
      }
    }
    // Medians, because a single run on a shared two-core machine can be off by 20%.
    System.out.printf("median of %d runs: one process %.0f rps, two processes %.0f rps, two / one = %.2f%n", runs,
        median(ones), median(twos), median(twos) / median(ones));
    if (flink != null) {
      System.out.printf("flink, median of %d runs: one TaskManager %.0f rps, two TaskManagers %.0f rps, two / one = %.2f;"
          + " weft / flink: one process %.2f, two processes %.2f%n", runs, median(flinkOnes), median(flinkTwos),
          median(flinkTwos) / median(flinkOnes), median(ones) / median(flinkOnes), median(twos) / median(flinkTwos));
    }
  }

  /** One counted run of J1 on Flink in {@code layout}, after one warm-up run; its records/s. */
  private static double runFlink(String runScript, String layout, long records) throws Exception {
    Process p = new ProcessBuilder(runScript, "FlinkKeyBySumLayouts", layout, Long.toString(records), "1", "1")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    double median = Double.NaN;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("MEDIAN ")) {
          median = Double.parseDouble(line.substring(7));
        } else {
          System.out.println(line);
        }
      }
    }
    if (p.waitFor() != 0 || Double.isNaN(median)) {
      throw new IllegalStateException(runScript + " failed (exit " + p.exitValue() + ") or printed no MEDIAN line");
    }
    return median;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** J1 at parallelism 2: the same plan in both processes, so partition ids agree. */
  static JobGraph job(long records) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSource(new GeneratorSource<>(i -> {
      long m = mix(i) & Long.MAX_VALUE;
      return Tuple3.of(m % 10_000, i / 100 - m % 500, i);
    }, records), "generator").returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(e -> e.f0)
        .sum(2)
        .sinkTo(new CountingSink<>());
    return env.buildJobGraph("J1");
  }

  /** SplitMix64's finaliser, as the anchor defines the input. */
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 29);
  }

  private static double runOneProcess(long records, int round, boolean counted) throws Exception {
    JobGraph graph = job(records);
    SEEN.set(0);
    try (TaskManager tm = new TaskManager("tm-one", 2)) {
      Run run = new Run();
      List<Task> tasks = TaskWiring.build(graph, "j1-" + round, TaskWiring.allSubtasks(graph), null, run, tm.timers(),
          null, io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget());
      long start = System.nanoTime();
      run.deploy(tm, tasks);
      run.await(tasks.size());
      return report("one-process", records, SEEN.get(), (System.nanoTime() - start) / 1e9, counted);
    }
  }

  /** This TaskManager and the child's, both kept for all runs. */
  private static final class Pair implements AutoCloseable {
    private final long records;
    private final NetworkEnvironment network;
    private final TaskManager tm;
    private final Process child;
    private final BufferedReader fromChild;
    private final PrintStream toChild;
    private final int childPort;

    Pair(long records) throws Exception {
      this.records = records;
      this.network = NetworkEnvironment.start(TransportConfig.of("tm-0", "127.0.0.1", 0, SECRET), NETWORK_BYTES,
          BUFFERS_PER_CHANNEL, FLOATING);
      this.tm = new TaskManager("tm-0", 1);
      this.child = startChild(records, network.address().getPort());
      this.fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      this.toChild = new PrintStream(child.getOutputStream(), true);
      this.childPort = Integer.parseInt(expect(fromChild, "PORT "));
    }

    double run(int round, boolean counted) throws Exception {
      JobGraph graph = job(records);
      SEEN.set(0);
      Run run = new Run();
      List<Task> tasks = half(graph, "j1-" + round, 0, network, childPort, run, tm);
      long start = System.nanoTime();
      toChild.println("GO " + round);
      run.deploy(tm, tasks);
      run.await(tasks.size());
      long childSeen = Long.parseLong(expect(fromChild, "DONE "));
      return report("two-processes", records, SEEN.get() + childSeen, (System.nanoTime() - start) / 1e9, counted);
    }

    @Override
    public void close() throws Exception {
      toChild.println("END");
      try {
        if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || child.exitValue() != 0) {
          throw new IllegalStateException("the child TaskManager failed");
        }
      } finally {
        child.destroyForcibly().waitFor();
        tm.close();
        network.close();
      }
    }
  }

  /** The child TaskManager: subtask 1 of every vertex, for each GO line until END. */
  private static void runChild(long records, int parentPort) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (NetworkEnvironment network = NetworkEnvironment.start(TransportConfig.of("tm-1", "127.0.0.1", 0, SECRET),
        NETWORK_BYTES, BUFFERS_PER_CHANNEL, FLOATING); TaskManager tm = new TaskManager("tm-1", 1)) {
      System.out.println("PORT " + network.address().getPort());
      for (String line = in.readLine(); line != null && line.startsWith("GO "); line = in.readLine()) {
        SEEN.set(0);
        Run run = new Run();
        List<Task> tasks = half(job(records), "j1-" + line.substring(3), 1, network, parentPort, run, tm);
        run.deploy(tm, tasks);
        run.await(tasks.size());
        System.out.println("DONE " + SEEN.get());
      }
    }
  }

  private static List<Task> half(JobGraph graph, String jobId, int index, NetworkEnvironment network, int otherPort, Run run,
      TaskManager tm) throws Exception {
    Set<SubtaskId> all = TaskWiring.allSubtasks(graph);
    Set<SubtaskId> mine = all.stream().filter(s -> s.subtaskIndex() == index).collect(Collectors.toSet());
    Map<SubtaskId, InetSocketAddress> elsewhere = new HashMap<>();
    for (SubtaskId s : all) {
      if (!mine.contains(s)) {
        elsewhere.put(s, new InetSocketAddress("127.0.0.1", otherPort));
      }
    }
    return TaskWiring.build(graph, jobId, mine, null, run, tm.timers(), new TaskWiring.Remote(network, elsewhere),
        io.weft.worker.memory.TaskManagerResources.of(graph.configuration()).slotBudget());
  }

  private static Process startChild(long records, int parentPort) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), TwoProcessBench.class.getName(),
        "--records", String.valueOf(records), "--child-of", String.valueOf(parentPort)));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String expect(BufferedReader in, String prefix) throws Exception {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    throw new IllegalStateException("the other process ended before saying " + prefix.trim());
  }

  /** Prints the run's line; warm-up runs are marked as Flink's side marks them, so scripts can skip them. */
  private static double report(String layout, long records, long outputs, double seconds, boolean counted) {
    double rps = records / seconds;
    System.out.printf(Locale.ROOT, "engine=weft job=J1 backend=none p=2 layout=%s records=%d outputs=%d seconds=%.2f"
        + " rps=%.0f%s%n", layout, records, outputs, seconds, rps, counted ? "" : " (warm-up)");
    return rps;
  }

  /** Deploys tasks into a TaskManager and waits for all of them to end; any failure ends the run. */
  private static final class Run implements TaskListener {
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong done = new AtomicLong();

    void deploy(TaskManager tm, List<Task> tasks) {
      for (int i = 0; i < tasks.size(); i++) {
        tm.deploy(tasks.get(i).setup().subtaskIndex() % tm.numSlots(), tasks.get(i));
      }
    }

    @Override
    public void stateChanged(Task task, ExecutionState state, Throwable error) {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
      if (state.isTerminal()) {
        done.incrementAndGet();
        synchronized (this) {
          notifyAll();
        }
      }
    }

    synchronized void await(int tasks) throws Exception {
      while (done.get() < tasks && failure.get() == null) {
        wait(100);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("the job failed", failure.get());
      }
    }
  }

  /** Counts what arrives, per process. */
  static final class CountingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<T> createWriter(SubtaskInfo context) {
      return new SinkWriter<>() {
        private long count;

        @Override
        public void write(T value, Long timestamp) {
          count++;
        }

        @Override
        public void finish() {
          SEEN.addAndGet(count);
        }
      };
    }
  }
}
