package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.launcher.cli.CliEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in a `weft run` command line is reported before anything runs, with exit code 2. */
class CliValidationTest {
  @TempDir
  Path tmp;

  private Path root;
  private Path jar;
  private Path output;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    output = tmp.resolve("out");
  }

  /** Runs `weft run <flags> <jar> <output>` and expects a usage error naming all of {@code expected}. */
  private TestCli expectError(String[] flags, String... expected) {
    String[] args = new String[flags.length + 3];
    args[0] = "run";
    System.arraycopy(flags, 0, args, 1, flags.length);
    args[flags.length + 1] = jar.toString();
    args[flags.length + 2] = output.toString();
    return expectErrorRaw(args, expected);
  }

  private TestCli expectErrorRaw(String[] args, String... expected) {
    TestCli result = TestCli.run(root, args);
    assertEquals(2, result.exitCode, result.toString());
    for (String e : expected) {
      assertTrue(result.err.contains(e), "expected '" + e + "' in:\n" + result);
    }
    assertFalse(result.err.contains("\tat "), "no stack trace expected:\n" + result);
    assertFalse(Files.exists(output), "the program must not have run");
    return result;
  }

  private static String[] a(String... args) {
    return args;
  }

  @Test
  void unparsableMemorySizes() {
    expectError(a("-ytm", "12x"), "-ytm", "'12x'", "is not a memory size", "1024", "2g");
    expectError(a("-yjm", "lots"), "-yjm", "'lots'", "is not a memory size");
    expectError(a("-ytm", "-5"), "-ytm", "'-5'", "is not a memory size");
  }

  @Test
  void memorySizesBelowTheMinimum() {
    expectError(a("-ytm", "1023m"), "-ytm", "'1023m'", "at least 1024m");
    expectError(a("-ytm", "0"), "-ytm", "'0'", "at least 1024m");
    expectError(a("-yjm", "256"), "-yjm", "'256'", "at least 704m");
  }

  @Test
  void slotsAndParallelismMustBePositiveNumbers() {
    expectError(a("-ys", "0"), "-ys", "'0'", "at least 1");
    expectError(a("-ys", "-2"), "-ys", "'-2'", "at least 1");
    expectError(a("-ys", "two"), "-ys", "'two'", "not a whole number", "at least 1");
    expectError(a("-p", "0"), "-p", "'0'", "at least 1");
    expectError(a("-p", "1.5"), "-p", "'1.5'", "not a whole number");
    expectError(a("-yp", "-1"), "-yp", "'-1'", "at least 1");
    expectError(a("-p", "2", "-yp", "3"), "-p 2", "-yp 3", "disagree");
    expectError(a("-p", "2", "-p", "3"), "-p", "'2'", "'3'", "give it once");
  }

  @Test
  void dynamicPropertyWithoutEquals() {
    expectError(a("-yD", "taskmanager.numberOfTaskSlots"), "-yD", "'taskmanager.numberOfTaskSlots'", "key=value");
    expectError(a("-yD", "=3"), "-yD", "'=3'", "key=value");
  }

  @Test
  void dynamicPropertyValuesAreChecked() {
    expectError(a("-yD", "taskmanager.numberOfTaskSlots=abc"), "-yD taskmanager.numberOfTaskSlots", "'abc'");
    expectError(a("-yD", "taskmanager.memory.process.size=100m"),
        "-yD taskmanager.memory.process.size", "'100m'", "at least 1024m");
    expectError(a("-yD", "parallelism.default=0"), "-yD parallelism.default", "'0'", "at least 1");
    expectError(a("-yD", "execution.target=kubernetes"), "-yD execution.target", "'kubernetes'", "local or yarn-cluster");
    expectError(a("-yD", "execution.checkpointing.interval=10s"), "-yD execution.checkpointing.interval", "'10s'",
        "state.checkpoints.dir is not set");
    expectError(a("-yD", "execution.checkpointing.mode=SOMETIMES"), "-yD execution.checkpointing.mode", "SOMETIMES");
    expectError(a("-yD", "state.checkpoints.num-retained=0"), "-yD state.checkpoints.num-retained", "at least 1");
    expectError(a("-yD", "metrics.reporter.jmx.port=9250"), "-yD metrics.reporter.jmx.port", "'9250'",
        "metrics.reporter.jmx.password-file is not set");
    expectError(a("-yD", "metrics.reporter.jmx.port=9260-9250", "-yD", "metrics.reporter.jmx.password-file=p"),
        "-yD metrics.reporter.jmx.port", "a range such as 9250-9260", "'9260-9250'");
    expectError(a("-yD", "yarn.heartbeat.container-request-interval=0ms"),
        "-yD yarn.heartbeat.container-request-interval", "'0ms'", "at least 1 ms");
    expectError(a("-yD", "yarn.heartbeat.interval=0s"), "-yD yarn.heartbeat.interval", "'0s'", "at least 1 ms");
    expectError(a("-yD", "restart-strategy.type=sometimes"), "-yD restart-strategy.type", "'sometimes'",
        "none, fixed-delay or failure-rate");
    expectError(a("-yD", "job.autoscaler.enabled=true"), "-yD job.autoscaler.enabled", "checkpointing is off",
        "execution.checkpointing.interval");
    String[] checkpoints = {"-yD", "execution.checkpointing.interval=10s", "-yD", "state.checkpoints.dir=/tmp/c",
        "-yD", "job.autoscaler.enabled=true"};
    expectError(a(concat(checkpoints, "-yD", "job.autoscaler.target.utilization=1.5")),
        "job.autoscaler.target.utilization 1.5", "within (0, 1]");
    expectError(a(concat(checkpoints, "-yD", "job.autoscaler.metrics.window=0s")),
        "job.autoscaler.metrics.window", "must be positive");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void confFileValuesAreChecked() throws IOException {
    Path conf = Files.createDirectories(root.resolve("conf")).resolve("weft-conf.yaml");
    Files.writeString(conf, "jobmanager.memory.process.size: 300m\n");
    expectError(a(), "jobmanager.memory.process.size", conf.toString(), "'300m'", "at least 704m");
    Files.writeString(conf, "this is not yaml\n");
    expectError(a(), conf + ":1", "key: value");
  }

  @Test
  void unknownTarget() {
    expectError(a("-m", "kubernetes"), "-m", "'kubernetes'", "local or yarn-cluster");
  }

  @Test
  void unknownOptionAndMissingValue() {
    expectError(a("-x"), "unknown option '-x'", "weft run --help");
    expectErrorRaw(a("run", "-m"), "-m needs a value");
  }

  @Test
  void gluedValuesAndMisspelledFlagsAreRefusedWithTheFlagThatWasMeant() {
    expectError(a("-p4"), "run: '-p4' is not an option: write the value apart from its flag, as in '-p 4'");
    expectError(a("-ytm2g"), "'-ytm2g' is not an option", "as in '-ytm 2g'");
    expectError(a("-s/savepoints/1"), "'-s/savepoints/1' is not an option", "as in '-s /savepoints/1'");
    expectError(a("--paralelism", "2"), "unknown option '--paralelism'; the closest is '--parallelism'");
    expectError(a("-ytn", "1024"), "unknown option '-ytn'; the closest is '-ytm'");
    expectError(a("-yid", "application_1_1"), "-yid: Weft has no session clusters",
        "drop -yid application_1_1");
    expectError(a("-t", "kubernetes-session"), "-t: 'kubernetes-session' is not a target Weft has");
    expectError(a("-m", "local", "-t", "yarn-per-job"), "-m local and -t yarn-per-job disagree");
    expectError(a("-d", "-sae"), "-sae", "with -d the command does not wait");
  }

  @Test
  void whatOnlyYarnDoesIsRefusedForALocalRun() {
    expectError(a("-ytm", "2g", "-ys", "2"), "-ytm, -ys are for YARN, but no YARN cluster is configured",
        "set HADOOP_CONF_DIR", "-m local and without them");
    expectError(a("-m", "local", "-yjm", "1g"), "-yjm size or place YARN containers, but this run is local",
        "-m yarn-cluster");
    expectError(a("-m", "local", "-s", "/savepoints/savepoint-1"),
        "-s /savepoints/savepoint-1: restoring from a savepoint needs a YARN run");
    expectError(a("-m", "local", "-yD", "execution.savepoint.path=/sp"),
        "execution.savepoint.path /sp: restoring from a savepoint needs a YARN run");
  }

  @Test
  void shippedFilesMustExist() throws IOException {
    String missing = tmp.resolve("nope").toString();
    expectError(a("-yt", missing), "-yt: '" + missing + "' does not exist");
    expectError(a("-yD", "yarn.ship-files=" + missing), "-yD yarn.ship-files: '" + missing + "' does not exist");
    Files.createDirectories(root.resolve("conf"));
    Path confFile = Files.writeString(root.resolve("conf/weft-conf.yaml"), "yarn.ship-files: " + missing + "\n");
    expectError(a(), "yarn.ship-files in " + confFile + ": '" + missing + "' does not exist");
    // -yt replaces the other sources, so their missing file does not matter then.
    Path present = Files.writeString(tmp.resolve("present.txt"), "x");
    expectError(a("-m", "yarn-cluster", "-yt", present.toString()), "No YARN cluster is configured");
  }

  @Test
  void missingJar() {
    expectErrorRaw(a("run", "-p", "2"), "missing the jar", "weft run [options] <jar>");
  }

  @Test
  void nonExistentOrUnreadableJar() throws IOException {
    Path missing = tmp.resolve("missing.jar");
    expectErrorRaw(a("run", missing.toString()), missing.toString(), "does not exist");
    expectErrorRaw(a("run", tmp.toString()), tmp.toString(), "is a directory");
    Path text = Files.writeString(tmp.resolve("text.jar"), "not a zip");
    expectErrorRaw(a("run", text.toString()), text.toString(), "is not a jar file");
    Path locked = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    if (locked.toFile().setReadable(false) && !Files.isReadable(locked)) { // root can read anything
      expectErrorRaw(a("run", locked.toString()), locked.toString(), "cannot be read");
    }
  }

  @Test
  void jarWithoutMainClassNeedsDashC() throws IOException {
    Path noMain = TestJars.jobJar(tmp, null);
    expectErrorRaw(a("run", noMain.toString()), noMain.toString(), "no Main-Class", "-c <class>");
  }

  @Test
  void manifestMainClassNotInJar() throws IOException {
    Path wrong = TestJars.jobJar(tmp, "io.weft.launcher.testjob.Gone");
    expectErrorRaw(a("run", wrong.toString()), "Main-Class 'io.weft.launcher.testjob.Gone'", "is not in the jar");
  }

  @Test
  void dashCClassMustBeInTheJarAndHaveMain() {
    expectError(a("-c", "com.example.Nope"), "-c", "'com.example.Nope'", "is not in the jar", jar.toString());
    // On the launcher's classpath, but not in the jar.
    expectError(a("-c", "io.weft.launcher.WeftCli"), "-c", "'io.weft.launcher.WeftCli'", "is not in the jar");
    expectError(a("-c", "io.weft.launcher.testjob.NoMain"), "-c", "'io.weft.launcher.testjob.NoMain'",
        "public static void main(String[] args)");
  }

  @Test
  void yarnClusterValidatesEverythingBeforeContactingTheCluster() {
    TestCli bad = expectError(a("-m", "yarn-cluster", "-ytm", "12x"), "-ytm", "'12x'");
    assertFalse(bad.err.contains("not available"), bad.toString());
    TestCli noJar = expectErrorRaw(a("run", "-m", "yarn-cluster", tmp.resolve("x.jar").toString()), "does not exist");
    assertFalse(noJar.err.contains("not available"), noJar.toString());
    TestCli noClass = expectError(a("-m", "yarn-cluster", "-c", "a.B"), "-c", "'a.B'");
    assertFalse(noClass.err.contains("not available"), noClass.toString());

    // Valid flags get as far as the cluster, and there is none configured: said at once.
    expectError(a("-m", "yarn-cluster", "-ytm", "2g", "-ys", "2", "-p", "4", "-yD", "yarn.application.name=x"),
        "No YARN cluster is configured");
  }

  @Test
  void hadoopConfigurationMakesYarnClusterTheDefault() {
    CliEnvironment withHadoop = new CliEnvironment(root, Map.of("HADOOP_CONF_DIR", tmp.toString()));
    TestCli result = TestCli.run(withHadoop, "run", "-yD", "weft.hadoop.yarn.resourcemanager.connect.max-wait.ms=300",
        jar.toString(), output.toString());
    assertEquals(2, result.exitCode, result.toString());
    assertTrue(result.err.contains("cannot reach the YARN cluster"), result.toString());
  }
}
