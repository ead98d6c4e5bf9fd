package io.weft.it;

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
import java.util.Map;
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
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;

/**
 * The integration tests' one cluster fixture: a MiniDFSCluster and a MiniYARNCluster (one
 * NodeManager configured as scripts/local-cluster sets it up: its web server on a port of its own,
 * logs aggregated to HDFS) for one test class, with the Hadoop
 * configuration directory a {@code weft} command needs, a YARN client, and {@code weft} run in
 * this JVM. {@link #close} kills what still runs and stops everything.
 */
public record MiniYarn(Path dir, MiniDFSCluster dfs, FileSystem fs, MiniYARNCluster yarn, YarnClient client,
    Path confDir, CliEnvironment environment) implements AutoCloseable {
  /** The line {@code weft run} prints once YARN took the application. */
  public static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  /** A single NodeManager of the given size, with CPU scheduling on, as scripts/local-cluster sets it up. */
  public static YarnConfiguration configuration(int memoryMb, int vcores) {
    YarnConfiguration conf = new YarnConfiguration();
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

  /** Starts both clusters under {@code dir}; {@code tune} may change the YARN configuration first. */
  public static MiniYarn start(String name, Path dir, int memoryMb, int vcores, Consumer<YarnConfiguration> tune)
      throws Exception {
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
    MiniYARNCluster yarn = new MiniYARNCluster(name, 1, 1, 1, true);
    yarn.init(conf);
    yarn.start();
    NodeManagerWeb.separate(yarn);

    Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", defaultFs);
    core.setInt("dfs.replication", 1);
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
