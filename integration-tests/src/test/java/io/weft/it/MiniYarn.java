package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.yarn.jobs.FailingJob;
import io.weft.launcher.WeftCli;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.localcluster.LocalCluster;
import io.weft.launcher.localcluster.NodeManagerWeb;
import io.weft.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;

/**
 * The integration tests' one cluster fixture: a MiniDFSCluster and a MiniYARNCluster (one or more
 * NodeManagers of the size the test asks, configured as scripts/local-cluster sets them up: web
 * servers on ports of their own, logs aggregated to HDFS), with the Hadoop configuration directory
 * a {@code weft} command needs, a YARN client, and {@code weft} run in this JVM. {@link #close}
 * kills what still runs and stops everything. Most classes share one through {@link SharedYarn};
 * a class that needs its own shape starts one with {@link #start}.
 */
public record MiniYarn(Path dir, MiniDFSCluster dfs, FileSystem fs, MiniYARNCluster yarn, YarnClient client,
    Path confDir, CliEnvironment environment) implements AutoCloseable {
  /** The line {@code weft run} prints once YARN took the application. */
  public static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  /** NodeManagers of the given size each, with CPU scheduling on, as scripts/local-cluster sets them up. */
  public static YarnConfiguration configuration(int memoryMb, int vcores) {
    YarnConfiguration conf = new YarnConfiguration();
    // MiniYARNCluster overwrites each NodeManager's yarn.nodemanager.resource.memory-mb with this key
    // (default 4096): without it every NodeManager has 4096 MB whatever the test asked.
    conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
    conf.set("yarn.scheduler.capacity.resource-calculator", DominantResourceCalculator.class.getName());
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // The default 10% admits a single ApplicationMaster on a few vcores.
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
    // Containers need a JAVA_HOME even when the test JVM was started without one.
    conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
    return conf;
  }

  /**
   * A {@code tune} for {@link #start}: the NodeManager enforces each container's physical memory
   * (it kills a container whose process tree's RSS passes its size, exit status -104) and looks
   * every {@code intervalMillis}. Off by default in the fixture, as most tests run JVMs that need
   * not fit a container exactly.
   */
  public static Consumer<YarnConfiguration> enforcePhysicalMemory(long intervalMillis) {
    return conf -> {
      // MiniYARNCluster turns the NodeManager's container monitor off unless told it is wanted.
      conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
      conf.setBoolean(YarnConfiguration.NM_CONTAINER_MONITOR_ENABLED, true);
      // "Strict" (cgroups) memory control, on by default, makes the monitor leave killing to the
      // kernel's OOM killer and skip its own check: without cgroups nothing would ever kill.
      conf.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
      conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      conf.setLong(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, intervalMillis);
    };
  }

  /** What a weft command printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs a weft command in this JVM, as scripts/weft would with {@code environment}. */
  public static Result weft(CliEnvironment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = WeftCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), environment);
    Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("weft " + String.join(" ", args) + " -> exit " + code + "\n" + result.out() + result.err());
    return result;
  }

  /** Starts both clusters under {@code dir}, YARN with one NodeManager; {@code tune} may change its configuration first. */
  public static MiniYarn start(String name, Path dir, int memoryMb, int vcores, Consumer<YarnConfiguration> tune)
      throws Exception {
    return start(name, dir, 1, memoryMb, vcores, tune);
  }

  /**
   * Starts both clusters under {@code dir}, YARN with {@code nodeManagers} NodeManagers of {@code memoryMb}
   * and {@code vcores} each (the largest container is one NodeManager's); {@code tune} may change the YARN
   * configuration first. Returns once every NodeManager registered with the ResourceManager.
   */
  public static MiniYarn start(String name, Path dir, int nodeManagers, int memoryMb, int vcores,
      Consumer<YarnConfiguration> tune) throws Exception {
    if (nodeManagers < 1) {
      throw new IllegalArgumentException("a cluster needs at least one NodeManager, not " + nodeManagers);
    }
    HdfsConfiguration hdfsConf = new HdfsConfiguration();
    hdfsConf.setInt("dfs.replication", 1);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(hdfsConf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    String defaultFs = fs.getUri().toString();

    YarnConfiguration conf = configuration(memoryMb, vcores);
    conf.set("fs.defaultFS", defaultFs);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    // As the local cluster: the NodeManager's web server on a free port, logs aggregated to HDFS.
    conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
    conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
    conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, LocalCluster.REMOTE_APP_LOG_DIR);
    // Aggregation deletes an ended application's local logs; tests also read them on disk afterwards.
    conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 3600);
    tune.accept(conf);
    MiniYARNCluster yarn = new MiniYARNCluster(name, nodeManagers, 1, 1, true);
    yarn.init(conf);
    yarn.start();
    NodeManagerWeb.separate(yarn);
    if (!yarn.waitForNodeManagersToConnect(60_000)) {
      yarn.stop();
      dfs.shutdown();
      throw new IllegalStateException(nodeManagers + " NodeManagers did not all register within 60 s");
    }

    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", defaultFs);
    core.setInt("dfs.replication", 1);
    return connect(dir, dfs, fs, yarn, core);
  }

  /**
   * The client side of started clusters, as a user has it: {@code dir/hadoop-conf} (core-site.xml
   * from {@code core}, yarn-site.xml from the running ResourceManager's configuration), a started
   * YarnClient, and the CLI's environment pointing HADOOP_CONF_DIR there. The secure clusters use
   * it too.
   */
  public static MiniYarn connect(Path dir, MiniDFSCluster dfs, FileSystem fs, MiniYARNCluster yarn,
      Configuration core) throws java.io.IOException {
    Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
      core.writeXml(out);
    }
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      yarn.getConfig().writeXml(out);
    }
    YarnClient client = YarnClient.createYarnClient();
    client.init(yarn.getConfig());
    client.start();
    CliEnvironment environment = new CliEnvironment(Path.of(System.getProperty("weft.root")),
        Map.of("HADOOP_CONF_DIR", confDir.toString()));
    return new MiniYarn(dir, dfs, fs, yarn, client, confDir, environment);
  }

  /** Runs {@code weft} against these clusters. */
  public Result weft(String... args) {
    return weft(environment, args);
  }

  /** The application {@code weft run} reported in its output {@code out}. */
  public static ApplicationId applicationId(String out) {
    Matcher m = SUBMITTED.matcher(out);
    assertTrue(m.find(), "the output names the application: " + out);
    return ApplicationId.fromString(m.group(1));
  }

  /** Waits up to {@code waitMillis} for the application's staging directory to be deleted. */
  public void assertStagingDirGone(ApplicationId id, long waitMillis) {
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".weft/" + id);
    Await.until(staging + " was deleted", Duration.ofMillis(waitMillis), () -> !fs.exists(staging));
  }

  /**
   * The lines of the application's container logs (every container, every attempt, in the
   * NodeManagers' log directories) that {@code keep} selects, each prefixed with its container,
   * at most {@code max} (the last ones): what a failed end-to-end check shows of how it came about.
   */
  public String logLines(ApplicationId id, java.util.function.Predicate<String> keep, int max) {
    List<String> lines = new java.util.ArrayList<>();
    int nodeManagers;
    try {
      nodeManagers = client.getNodeReports().size();
    } catch (Exception e) {
      return "(the node managers could not be listed: " + e + ")";
    }
    for (int n = 0; n < nodeManagers; n++) {
      for (String logDir : yarn.getNodeManager(n).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
        Path app = Path.of(logDir, id.toString());
        if (!Files.isDirectory(app)) {
          continue;
        }
        try (Stream<Path> logs = Files.walk(app)) {
          for (Path log : (Iterable<Path>) logs.filter(f -> f.toString().endsWith(".log")).sorted()::iterator) {
            String container = log.getParent().getFileName().toString();
            try (Stream<String> content = Files.lines(log)) {
              content.filter(keep).forEach(line -> lines.add(container + " " + line));
            }
          }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
          lines.add("(reading " + app + " failed: " + e + ")");
        }
      }
    }
    lines.sort(java.util.Comparator.comparing(l -> l.substring(l.indexOf(' ') + 1))); // by time across containers
    return String.join("\n", lines.subList(Math.max(0, lines.size() - max), lines.size()));
  }

  /** A jar of the test jobs (io.weft.it.yarn.jobs), as a user would build it. */
  public Path jobsJar() throws Exception {
    Path classes = Path.of(FailingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = classes.resolve("io/weft/it/yarn/jobs");
    Path jar = dir.resolve("jobs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.list(pkg)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * A jar of the test jobs plus a connector ({@code connectorClass}'s classes) and what the
   * connector needs besides the runtime (its build lists it in {@code job-classpath.txt} next to
   * its classes), as a user's fat jar would hold them.
   */
  public Path jobsJarWith(Class<?> connectorClass, String name) throws Exception {
    Path jar = dir.resolve(name);
    Path jobs = Path.of(FailingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path connector = Path.of(connectorClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (io.weft.it.yarn.JobJar out = new io.weft.it.yarn.JobJar(jar)) {
      out.addClasses(jobs, "io/weft/it/yarn/jobs/");
      if (Files.isDirectory(connector)) {
        out.addClasses(connector, "");
      } else {
        out.addJar(connector);
      }
      for (String entry : Files.readString(connector.getParent().resolve("job-classpath.txt")).trim()
          .split(java.io.File.pathSeparator)) {
        out.addJar(Path.of(entry));
      }
    }
    return jar;
  }

  /** The lines of every committed part file under {@code output} (in-progress and pending ones are hidden). */
  public java.util.List<String> committedLines(String output) throws Exception {
    java.util.List<String> lines = new java.util.ArrayList<>();
    org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(output);
    if (!fs.exists(base)) {
      return lines;
    }
    org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(base, true);
    while (files.hasNext()) {
      org.apache.hadoop.fs.Path f = files.next().getPath();
      if (f.getName().startsWith("part-")) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(f), StandardCharsets.UTF_8))) {
          in.lines().forEach(lines::add);
        }
      }
    }
    return lines;
  }

  /** How many committed part files {@code output} holds directly (in-progress and pending ones are hidden). */
  public int committedPartFiles(String output) throws Exception {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(output);
    if (!fs.exists(dir)) {
      return 0;
    }
    int n = 0;
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
      n += f.getPath().getName().startsWith("part-") ? 1 : 0;
    }
    return n;
  }

  /** The application's running containers as the ResourceManager's REST API counts them. */
  public int runningContainersReportedByYarn(ApplicationId id) throws Exception {
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://"
        + WebAppUtils.getRMWebAppURLWithoutScheme(yarn.getConfig()) + "/ws/v1/cluster/apps/" + id).openConnection();
    c.setRequestProperty("Accept", "application/json");
    c.setConnectTimeout(2000);
    c.setReadTimeout(10_000);
    try (java.io.InputStream in = c.getInputStream()) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("app").get("runningContainers").asInt();
    } finally {
      c.disconnect();
    }
  }

  /**
   * The application an attached {@code weft run} started (a test runs one at a time), once YARN
   * lists it in one of {@code states}; fails at once, with the run's output, if the run ends first.
   */
  public ApplicationId awaitApplication(CompletableFuture<Result> run, YarnApplicationState... states) {
    EnumSet<YarnApplicationState> wanted = EnumSet.copyOf(Arrays.asList(states));
    return Await.value("weft run's application is " + wanted, Duration.ofSeconds(120), () -> {
      for (ApplicationReport a : client.getApplications(wanted)) {
        return a.getApplicationId();
      }
      if (run.isDone()) {
        Matcher m = SUBMITTED.matcher(run.get().out());
        throw new AssertionError("weft run ended before its application ran (" + (m.find() ? m.group(1) : "none")
            + "): " + run.get().out() + run.get().err());
      }
      return null;
    });
  }

  /** {@link #awaitApplication} once the application is submitted, accepted or running. */
  public ApplicationId awaitSubmitted(CompletableFuture<Result> run) {
    return awaitApplication(run, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
        YarnApplicationState.RUNNING);
  }

  /** Waits until the application has ended (finished, failed or killed) and returns its final report. */
  public ApplicationReport awaitEnd(ApplicationId id, Duration timeout) {
    return Await.value(id + " ended", timeout, () -> {
      ApplicationReport r = client.getApplicationReport(id);
      return r.getYarnApplicationState().toString().matches("FINISHED|FAILED|KILLED") ? r : null;
    });
  }

  /**
   * Waits until the application runs and has a tracking URL, and returns the URL (ending in /);
   * fails at once if the application ends first.
   */
  public String awaitTrackingUrl(ApplicationId id, Duration timeout) {
    return Await.value(id + " runs and has a tracking URL", timeout, () -> {
      ApplicationReport r = client.getApplicationReport(id);
      assertFalse(r.getYarnApplicationState().toString().matches("FINISHED|FAILED|KILLED"), r::toString);
      if (r.getYarnApplicationState() != YarnApplicationState.RUNNING || r.getTrackingUrl() == null
          || !r.getTrackingUrl().startsWith("http")) {
        return null;
      }
      // MiniYARNCluster's ResourceManager works out its proxy's address before its web app has
      // bound its ephemeral port, so it reports port 0; the proxy is at the web app's address.
      String url = r.getTrackingUrl().replaceFirst("^http://[^/]+:0/",
          "http://" + WebAppUtils.getRMWebAppURLWithoutScheme(yarn.getConfig()) + "/");
      return url.endsWith("/") ? url : url + "/";
    });
  }

  /** The application's containers on the (one) NodeManager that have not completed. */
  public long runningContainersOf(ApplicationId id) {
    return yarn.getNodeManager(0).getNMContext().getContainers().values().stream()
        .filter(c -> c.getContainerId().getApplicationAttemptId().getApplicationId().equals(id))
        .filter(c -> c.cloneAndGetContainerStatus().getState() != ContainerState.COMPLETE)
        .count();
  }

  /** Waits until no container of the application is left running. */
  public void awaitNoContainers(ApplicationId id, Duration timeout) {
    Await.until("no container of " + id + " is left", timeout, () -> runningContainersOf(id) == 0);
  }

  /** Kills every application that has not ended: what a test that failed half way left behind. */
  public void killRunningApplications() throws Exception {
    for (var app : client.getApplications()) {
      if (!app.getYarnApplicationState().toString().matches("FINISHED|FAILED|KILLED")) {
        client.killApplication(app.getApplicationId());
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      killRunningApplications();
    } finally {
      client.stop();
      yarn.stop();
      dfs.shutdown();
    }
  }
}
