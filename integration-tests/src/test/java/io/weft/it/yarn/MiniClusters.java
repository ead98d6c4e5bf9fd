package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.FailingJob;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.localcluster.LocalCluster;
import io.weft.launcher.localcluster.NodeManagerWeb;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * A MiniDFSCluster and a MiniYARNCluster (one NodeManager with its web server, log aggregation to
 * HDFS, as scripts/local-cluster sets them up) for one test class, with the Hadoop
 * configuration directory a {@code weft} command needs and a YARN client. {@link #close} kills
 * what still runs and stops everything.
 */
record MiniClusters(Path dir, MiniDFSCluster dfs, FileSystem fs, MiniYARNCluster yarn, YarnClient client,
    Path confDir, CliEnvironment environment) implements AutoCloseable {
  /** The line {@code weft run} prints once YARN took the application. */
  static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  /** Starts both clusters under {@code dir}; {@code tune} may change the YARN configuration first. */
  static MiniClusters start(String name, Path dir, int memoryMb, int vcores, Consumer<YarnConfiguration> tune)
      throws Exception {
    HdfsConfiguration hdfsConf = new HdfsConfiguration();
    hdfsConf.setInt("dfs.replication", 1);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(hdfsConf, dir.resolve("hdfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    String defaultFs = fs.getUri().toString();

    YarnConfiguration conf = MiniYarn.configuration(memoryMb, vcores);
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
    return new MiniClusters(dir, dfs, fs, yarn, client, confDir, environment);
  }

  /** Runs {@code weft} against these clusters. */
  MiniYarn.Result weft(String... args) {
    return MiniYarn.weft(environment, args);
  }

  /** The application {@code weft run} reported in its output {@code out}. */
  static ApplicationId applicationId(String out) {
    Matcher m = SUBMITTED.matcher(out);
    assertTrue(m.find(), "the output names the application: " + out);
    return ApplicationId.fromString(m.group(1));
  }

  /** Waits up to {@code waitMillis} for the application's staging directory to be deleted, and checks it was. */
  void assertStagingDirGone(ApplicationId id, long waitMillis) throws Exception {
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".weft/" + id);
    long deadline = System.currentTimeMillis() + waitMillis;
    while (fs.exists(staging) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertFalse(fs.exists(staging), staging + " was deleted");
  }

  /** A jar of the test jobs (io.weft.it.yarn.jobs), as a user would build it. */
  Path jobsJar() throws Exception {
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

  @Override
  public void close() throws Exception {
    try {
      for (var app : client.getApplications()) {
        if (!app.getYarnApplicationState().toString().matches("FINISHED|FAILED|KILLED")) {
          client.killApplication(app.getApplicationId());
        }
      }
    } finally {
      client.stop();
      yarn.stop();
      dfs.shutdown();
    }
  }
}
