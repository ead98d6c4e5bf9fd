package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.CoreOptions;
import io.weft.launcher.cli.CliEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft run -m local` of a jar built here from the compiled io.weft.launcher.testjob classes. */
class CliLocalRunTest {
  @TempDir
  Path tmp;

  @Test
  void runsAJarLocallyWithTheGivenParallelism() throws IOException {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    Path out = tmp.resolve("out");
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    TestCli result = TestCli.run(tmp, "run", "-m", "local", "-p", "2", jar.toString(), out.toString());

    assertEquals(0, result.exitCode, result.toString());
    assertTrue(result.out.matches("(?s).*Job finished in \\d+ ms\\s*"), result.toString());
    assertEquals(List.of("part-0", "part-1"), fileNames(out));
    assertEquals(LongStream.rangeClosed(1, 100).map(x -> x * 2).boxed().collect(Collectors.toList()), numbers(out));

    // The launcher leaves no trace in this JVM.
    assertSame(before, Thread.currentThread().getContextClassLoader());
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    assertFalse(env.getConfiguration().contains(CoreOptions.EXECUTION_TARGET));
    assertEquals(1, env.getParallelism());
  }

  @Test
  void unknownDynamicPropertiesAreWarnedAboutNotRefused() throws IOException {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    Path out = tmp.resolve("out");
    TestCli result = TestCli.run(tmp, "run", "-m", "local", "-yD", "paralellism.default=2", "-yD", "parallelism.default=1",
        "-yD", "weft.hadoop.dfs.replication=1", "-yD", "yarn.tags=a,b", jar.toString(), out.toString());
    assertEquals(0, result.exitCode, result.toString());
    assertEquals(List.of("Warning: -yD paralellism.default is not an option Weft knows (see docs/configuration.md);"
        + " is it misspelled?"), result.err.lines().toList(), result.toString());
    assertEquals(List.of("part-0"), fileNames(out));
  }

  @Test
  void unknownKeysOfANestedConfigurationFileAreWarnedAbout() throws IOException {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    Path out = tmp.resolve("out");
    Path conf = java.nio.file.Files.createDirectories(tmp.resolve("conf")).resolve("weft-conf.yaml");
    java.nio.file.Files.writeString(conf, String.join("\n", "parallelism:", "  default: 1", "taskmanager:",
        "  numberOfTaskSlot: 2   # misspelled", ""));
    TestCli result = TestCli.run(tmp, "run", "-m", "local", jar.toString(), out.toString());
    assertEquals(0, result.exitCode, result.toString());
    assertEquals(List.of("Warning: taskmanager.numberOfTaskSlot in " + conf + " is not an option Weft knows (see"
        + " docs/configuration.md); is it misspelled?"), result.err.lines().toList(), result.toString());
    assertEquals(List.of("part-0"), fileNames(out), "parallelism.default 1 was read from the nested form");
  }

  @Test
  void dashCPicksTheClassOfAJarWithoutMainClass() throws IOException {
    Path jar = TestJars.jobJar(tmp, null);
    Path out = tmp.resolve("out");
    TestCli result = TestCli.run(tmp, "run", "-m", "local", "-c", "io.weft.launcher.testjob.TinyJob",
        jar.toString(), out.toString());
    assertEquals(0, result.exitCode, result.toString());
    assertEquals(List.of("part-0"), fileNames(out));
    assertEquals(100, numbers(out).size());
  }

  @Test
  void argumentsAfterTheJarGoToTheProgram() throws IOException {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    // TinyJob takes exactly one argument; "-p 3" after the jar is the program's, not ours.
    TestCli result = TestCli.run(tmp, "run", "-m", "local", jar.toString(), tmp.resolve("out").toString(), "-p", "3");
    assertEquals(1, result.exitCode, result.toString());
    assertTrue(result.err.contains("The program failed: usage: TinyJob <output directory>"), result.toString());
  }

  @Test
  void aFailingProgramIsReportedWithItsCausesAndExitCode1() throws IOException {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.FailingJob");
    TestCli result = TestCli.run(tmp, "run", "-m", "local", jar.toString());
    assertEquals(1, result.exitCode, result.toString());
    assertTrue(result.err.contains("The program failed: cannot read the input"), result.toString());
    assertTrue(result.err.contains("caused by java.lang.RuntimeException: wrapped"), result.toString());
    assertTrue(result.err.contains("caused by java.io.FileNotFoundException: /no/such/input"), result.toString());
    assertFalse(result.err.contains("InvocationTargetException"), result.toString());
    assertFalse(result.err.contains("\tat "), result.toString());
    assertFalse(result.out.contains("Job finished"), result.toString());

    CliEnvironment debug = new CliEnvironment(tmp, Map.of("WEFT_DEBUG", "1"));
    TestCli debugResult = TestCli.run(debug, "run", "-m", "local", jar.toString());
    assertEquals(1, debugResult.exitCode, debugResult.toString());
    assertTrue(debugResult.err.contains("\tat io.weft.launcher.testjob.FailingJob.main"), debugResult.toString());
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<Long> numbers(Path dir) throws IOException {
    List<Long> all = new ArrayList<>();
    for (String name : fileNames(dir)) {
      for (String line : Files.readAllLines(dir.resolve(name))) {
        all.add(Long.parseLong(line.trim()));
      }
    }
    all.sort(null);
    return all;
  }
}
