package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.cli.CliException;
import io.weft.launcher.cli.RunConfiguration;
import io.weft.launcher.cli.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `weft run` turns its flags, -yD and the configuration file into a Configuration. */
class CliConfigurationTest {
  @TempDir
  Path root;

  private Configuration conf(String... args) {
    return conf(new CliEnvironment(root, Map.of()), args);
  }

  private static Configuration conf(CliEnvironment environment, String... args) {
    return RunConfiguration.build(RunOptions.parse(args), environment);
  }

  private void writeConfFile(String... lines) throws IOException {
    Files.createDirectories(root.resolve("conf"));
    Files.write(root.resolve("conf/weft-conf.yaml"), List.of(lines));
  }

  @Test
  void memoryFormats() {
    assertEquals(MemorySize.ofMebiBytes(1024), conf("-ytm", "1024", "job.jar").get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(1024), conf("-ytm", "1024m", "job.jar").get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(2048), conf("-ytm", "2g", "job.jar").get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(2048), conf("-ytm", "2G", "job.jar").get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(768), conf("-yjm", "768", "job.jar").get(LauncherOptions.JOBMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(1536), conf("-yjm", "1536mb", "job.jar").get(LauncherOptions.JOBMANAGER_MEMORY));
  }

  /**
   * A cluster's weft-defaults.yaml next to its Hadoop configuration (the local cluster writes one
   * naming its history server) is the lowest layer: the configuration file, -yD and flags win.
   */
  @Test
  void theClustersDefaultsComeFirstAndAnythingElseWins() throws IOException {
    Path hadoopConf = Files.createDirectories(root.resolve("cluster-conf"));
    Files.write(hadoopConf.resolve(CliEnvironment.CLUSTER_DEFAULTS_FILE_NAME), List.of(
        "historyserver.web.address: localhost:18082", "jobmanager.archive.fs.dir: /weft/completed-jobs",
        "parallelism.default: 3"));
    CliEnvironment environment = new CliEnvironment(root, Map.of("HADOOP_CONF_DIR", hadoopConf.toString()));
    Configuration conf = conf(environment, "job.jar");
    assertEquals("localhost:18082", conf.get(io.weft.appmaster.history.HistoryOptions.HISTORY_ADDRESS));
    assertEquals(3, conf.get(CoreOptions.DEFAULT_PARALLELISM));
    writeConfFile("parallelism.default: 5");
    assertEquals(5, conf(environment, "job.jar").get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals("localhost:9", conf(environment, "-yD", "historyserver.web.address=localhost:9", "job.jar")
        .get(io.weft.appmaster.history.HistoryOptions.HISTORY_ADDRESS));
    assertEquals(null, conf("job.jar").get(io.weft.appmaster.history.HistoryOptions.HISTORY_ADDRESS),
        "no cluster, no defaults");
  }

  @Test
  void defaults() {
    Configuration conf = conf("job.jar");
    assertEquals("local", conf.get(CoreOptions.EXECUTION_TARGET));
    assertEquals(MemorySize.ofMebiBytes(1024), conf.get(LauncherOptions.JOBMANAGER_MEMORY));
    assertEquals(MemorySize.ofMebiBytes(1728), conf.get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals(1, conf.get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals(true, conf.get(LauncherOptions.ATTACHED));
    assertEquals(2, conf.get(LauncherOptions.APPLICATION_ATTEMPTS));
    assertEquals("default", conf.get(LauncherOptions.APPLICATION_QUEUE));
    assertEquals("WEFT", conf.get(LauncherOptions.APPLICATION_TYPE));
  }

  @Test
  void everyFlagSetsItsKey() throws IOException {
    Path ship = Files.writeString(root.resolve("ship.txt"), "x");
    Configuration conf = conf("-m", "yarn-cluster", "-yjm", "768m", "-ytm", "2g", "-ys", "3", "-p", "6",
        "-ynm", "my job", "-yqu", "prod", "-yt", ship.toString(), "-yt", root.toString(), "-d",
        "-s", "hdfs:///sp/1", "-n", "job.jar");
    assertEquals("yarn-cluster", conf.getString("execution.target"));
    assertEquals("768m", conf.getString("jobmanager.memory.process.size"));
    assertEquals("2048m", conf.getString("taskmanager.memory.process.size"));
    assertEquals("3", conf.getString("taskmanager.numberOfTaskSlots"));
    assertEquals("6", conf.getString("parallelism.default"));
    assertEquals("my job", conf.getString("yarn.application.name"));
    assertEquals("prod", conf.getString("yarn.application.queue"));
    assertEquals(ship.toAbsolutePath() + ";" + root.toAbsolutePath(), conf.getString("yarn.ship-files"));
    assertEquals("false", conf.getString("execution.attached"));
    assertEquals("hdfs:///sp/1", conf.getString("execution.savepoint.path"));
    assertEquals("true", conf.getString("execution.savepoint.ignore-unclaimed-state"));

    assertEquals("5", conf("-yp", "5", "job.jar").getString("parallelism.default"));
    assertEquals("5", conf("-yp", "5", "-p", "5", "job.jar").getString("parallelism.default"));
  }

  @Test
  void dynamicProperties() {
    Configuration conf = conf("-yD", "a.b=1", "-yD", "c.d = two words ", "-yDe.f=x=y", "-yD", "g.h=", "job.jar");
    assertEquals("1", conf.getString("a.b"));
    assertEquals("two words", conf.getString("c.d"));
    assertEquals("x=y", conf.getString("e.f"));
    assertEquals("", conf.getString("g.h"));
  }

  @Test
  void precedenceIsFlagThenDynamicPropertyThenConfFile() throws IOException {
    assertEquals(1, conf("job.jar").get(CoreOptions.DEFAULT_PARALLELISM));
    writeConfFile("parallelism.default: 3", "taskmanager.memory.process.size: 4g", "yarn.application.queue: fromfile");
    assertEquals(3, conf("job.jar").get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals(4, conf("-yD", "parallelism.default=4", "job.jar").get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals(5, conf("-yD", "parallelism.default=4", "-p", "5", "job.jar").get(CoreOptions.DEFAULT_PARALLELISM));
    // The flag wins wherever it stands relative to -yD.
    assertEquals(5, conf("-p", "5", "-yD", "parallelism.default=4", "job.jar").get(CoreOptions.DEFAULT_PARALLELISM));

    Configuration conf = conf("-yD", "taskmanager.memory.process.size=3g", "job.jar");
    assertEquals(MemorySize.ofMebiBytes(3072), conf.get(LauncherOptions.TASKMANAGER_MEMORY));
    assertEquals("fromfile", conf.get(LauncherOptions.APPLICATION_QUEUE));
    assertEquals(MemorySize.ofMebiBytes(1024),
        conf("-yD", "taskmanager.memory.process.size=3g", "-ytm", "1024", "job.jar").get(LauncherOptions.TASKMANAGER_MEMORY));
  }

  @Test
  void weftConfDirWinsOverTheRepositoryConf() throws IOException {
    writeConfFile("parallelism.default: 3");
    Path confDir = Files.createDirectories(root.resolve("other"));
    Files.writeString(confDir.resolve("weft-conf.yaml"), "parallelism.default: 7\n");
    CliEnvironment env = new CliEnvironment(root, Map.of("WEFT_CONF_DIR", confDir.toString()));
    assertEquals(7, conf(env, "job.jar").get(CoreOptions.DEFAULT_PARALLELISM));

    CliEnvironment missing = new CliEnvironment(root, Map.of("WEFT_CONF_DIR", root.resolve("nope").toString()));
    CliException e = assertThrows(CliException.class, () -> conf(missing, "job.jar"));
    assertTrue(e.getMessage().contains("WEFT_CONF_DIR"), e.getMessage());
  }

  @Test
  void defaultTargetFollowsTheHadoopConfiguration() throws IOException {
    assertEquals("local", conf("job.jar").get(CoreOptions.EXECUTION_TARGET));
    CliEnvironment hadoopEnv = new CliEnvironment(root, Map.of("HADOOP_CONF_DIR", "/etc/hadoop"));
    assertEquals("yarn-cluster", conf(hadoopEnv, "job.jar").get(CoreOptions.EXECUTION_TARGET));
    assertEquals("local", conf(hadoopEnv, "-m", "local", "job.jar").get(CoreOptions.EXECUTION_TARGET));

    // A stopped local cluster leaves its conf dir behind; only HADOOP_CONF_DIR (set by scripts/weft
    // while that cluster runs) makes yarn-cluster the default.
    Files.createDirectories(root.resolve("local-cluster/conf"));
    assertEquals("local", conf("job.jar").get(CoreOptions.EXECUTION_TARGET));
    // A target written down explicitly beats the guess.
    writeConfFile("execution.target: local");
    assertEquals("local", conf(hadoopEnv, "job.jar").get(CoreOptions.EXECUTION_TARGET));
    assertEquals("yarn-cluster", conf("-m", "yarn-cluster", "job.jar").get(CoreOptions.EXECUTION_TARGET));

    assertEquals("local", conf(new CliEnvironment(null, Map.of()), "job.jar").get(CoreOptions.EXECUTION_TARGET));
  }

  @Test
  void programArgumentsAreNotTouched() {
    RunOptions options = RunOptions.parse(new String[] {"-p", "2", "-yDa=b", "job.jar", "-p", "3", "-yDx=y", "--help", "-c"});
    assertEquals(Paths.get("job.jar"), options.jar());
    assertEquals(List.of("-p", "3", "-yDx=y", "--help", "-c"), options.programArgs());
    assertEquals(Map.of("a", "b"), options.dynamicProperties());
    assertFalse(options.help());

    RunOptions dashDash = RunOptions.parse(new String[] {"-m", "local", "--", "job.jar", "--", "x"});
    assertEquals(Paths.get("job.jar"), dashDash.jar());
    assertEquals(List.of("--", "x"), dashDash.programArgs());
  }

  /** conf/weft-conf.yaml parses and shows every launcher option that has a default, at that default. */
  @Test
  void repositoryConfFileHoldsTheDefaults() throws IOException {
    String weftRoot = System.getProperty("weft.root");
    assertNotNull(weftRoot, "surefire sets weft.root");
    Path file = Paths.get(weftRoot, "conf", "weft-conf.yaml");
    List<String> lines = Files.readAllLines(file);
    Configuration conf = Configuration.fromYamlLines(lines, file.toString());
    for (ConfigOption<?> option : LauncherOptions.all()) {
      if (option.defaultValue() == null) {
        assertFalse(conf.contains(option), option.key() + " has no default and must be commented out");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("# " + option.key() + ":")), option.key() + " is not mentioned");
      } else {
        assertEquals(option.defaultValue(), conf.get(option), option.key());
      }
    }
    assertEquals(CoreOptions.DEFAULT_PARALLELISM.defaultValue(), conf.get(CoreOptions.DEFAULT_PARALLELISM));
    assertEquals(CoreOptions.NUM_TASK_SLOTS.defaultValue(), conf.get(CoreOptions.NUM_TASK_SLOTS));
    assertFalse(conf.contains(CoreOptions.EXECUTION_TARGET), "execution.target must stay unset so that -m's default applies");
  }

  @Test
  void flinksSpellingsAreAliases() {
    assertEquals("yarn-cluster", conf("-t", "yarn-per-job", "job.jar").get(CoreOptions.EXECUTION_TARGET));
    assertEquals("yarn-cluster", conf("-t", "yarn-application", "job.jar").get(CoreOptions.EXECUTION_TARGET));
    assertEquals("local", conf("-t", "local", "job.jar").get(CoreOptions.EXECUTION_TARGET));
    Configuration conf = conf("-D", "a.b=1", "-Dc.d=2", "-yD", "e.f=3", "job.jar");
    assertEquals("1", conf.getString("a.b"));
    assertEquals("2", conf.getString("c.d"));
    assertEquals("3", conf.getString("e.f"));
    assertTrue(conf("-sae", "job.jar").get(LauncherOptions.SHUTDOWN_ON_ATTACHED_EXIT));
    assertFalse(conf("job.jar").get(LauncherOptions.SHUTDOWN_ON_ATTACHED_EXIT));
  }
}
