package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.launcher.cli.ClusterCommand;
import io.weft.launcher.cli.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --help, --version, and the commands that only parse their arguments in this build. */
class CliHelpTest {
  @TempDir
  Path root;

  @Test
  void helpListsEveryCommandAndOption() {
    TestCli result = TestCli.run(root, "--help");
    assertEquals(0, result.exitCode, result.toString());
    for (String command : new String[] {"weft run", "weft info", "weft list", "weft cancel <applicationId|jobId>",
        "weft savepoint <applicationId|jobId> [targetDirectory] | -d <savepointPath>",
        "weft stop [--drain] [--savepointPath <dir>] <applicationId|jobId>",
        "weft logs [--container <containerId>] [--type <file>] [--tail <lines>] [--follow] <applicationId|jobId>", "weft list [--all]",
        "weft historyserver [--port <port>]"}) {
      assertTrue(result.out.contains(command), command + " missing in\n" + result.out);
    }
    assertEveryRunOptionIsListed(result.out);
    assertTrue(result.out.contains("--savepointPath <dir>"), result.out);
    assertTrue(result.out.contains("-d, --drain"), result.out);
    assertTrue(result.out.contains("-v, --version"), result.out);
    assertTrue(result.out.contains("-h, --help"), result.out);
    assertEquals(0, TestCli.run(root, "-h").exitCode);
  }

  @Test
  void runHelpListsEveryRunOption() {
    TestCli result = TestCli.run(root, "run", "--help");
    assertEquals(0, result.exitCode, result.toString());
    assertTrue(result.out.contains("Usage: weft run [options] <jar> [arguments]"), result.out);
    assertEveryRunOptionIsListed(result.out);
    assertEquals(0, TestCli.run(root, "run", "-h").exitCode);
  }

  /** Each option on a line of its own: "-name, --long <arg>   description". */
  private static void assertEveryRunOptionIsListed(String help) {
    for (Option o : RunOptions.options().getOptions()) {
      String syntax = "-" + o.getOpt() + (o.getLongOpt() != null ? ", --" + o.getLongOpt() : "")
          + (o.hasArg() ? " <" + o.getArgName() + ">" : "");
      Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(syntax) + " +(\\S.*)$").matcher(help);
      assertTrue(m.find(), "no line for " + syntax + " in\n" + help);
      assertEquals(o.getDescription(), m.group(1).trim());
    }
    for (String name : new String[] {"m", "yjm", "ytm", "ys", "yp", "p", "yD", "ynm", "yqu", "yt", "d", "s", "n", "c"}) {
      assertTrue(RunOptions.options().hasShortOption(name), "run has no -" + name);
    }
  }

  @Test
  void noArgumentsPrintsHelpAndFails() {
    TestCli result = TestCli.run(root);
    assertEquals(2, result.exitCode);
    assertTrue(result.err.contains("Usage: weft <command>"), result.toString());
  }

  @Test
  void unknownCommand() {
    TestCli result = TestCli.run(root, "launch");
    assertEquals(2, result.exitCode);
    assertTrue(result.err.contains("Unknown command 'launch'"), result.toString());
  }

  @Test
  void versionIsTheProjectVersion() throws IOException {
    String expected = projectVersion();
    TestCli result = TestCli.run(root, "--version");
    assertEquals(0, result.exitCode, result.toString());
    assertEquals("Weft " + expected, result.out.trim());
    assertEquals("Weft " + expected, TestCli.run(root, "-v").out.trim());
  }

  /** The version in the root pom.xml, the one Maven filtered into weft-version.properties. */
  private static String projectVersion() throws IOException {
    String weftRoot = System.getProperty("weft.root");
    assertNotNull(weftRoot, "surefire sets weft.root");
    String pom = Files.readString(Paths.get(weftRoot, "pom.xml"));
    Matcher m = Pattern.compile("<artifactId>weft-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find(), "no version in the root pom.xml");
    return m.group(1);
  }

  @Test
  void clusterCommandsParseThenNeedACluster() {
    // They talk to YARN: without a configured cluster they say how to get one, at once.
    String[][] valid = {
        {"list"},
        {"cancel", "application_1700000000000_0001"},
        {"savepoint", "application_1700000000000_0001"},
        {"savepoint", "application_1700000000000_0001", "hdfs:///savepoints"},
        {"stop", "application_1700000000000_0001"},
        {"stop", "--savepointPath", "/tmp/sp", "application_1700000000000_0001"},
        {"stop", "-p", "/tmp/sp", "application_1700000000000_0001"},
    };
    for (String[] args : valid) {
      TestCli result = TestCli.run(root, args);
      assertEquals(2, result.exitCode, result.toString());
      assertTrue(result.err.contains("No YARN cluster is configured") && result.err.contains("HADOOP_CONF_DIR")
          && result.err.contains("scripts/local-cluster start"), result.toString());
    }
    ClusterCommand stop = ClusterCommand.parse("stop", new String[] {"--savepointPath", "/tmp/sp", "application_1_2"});
    assertEquals("application_1_2", stop.applicationId());
    assertEquals("/tmp/sp", stop.savepointDirectory());
    ClusterCommand savepoint = ClusterCommand.parse("savepoint", new String[] {"application_1_2", "/dir"});
    assertEquals("/dir", savepoint.savepointDirectory());
  }

  @Test
  void clusterCommandArgumentErrors() {
    assertError("cancel: missing the application id", "cancel");
    assertError("'job-42' is not a YARN application id or a Weft job id", "cancel", "job-42");
    assertError("unexpected argument 'extra'", "savepoint", "application_1_1", "/dir", "extra");
    assertError("unexpected argument 'x'", "list", "x");
    assertError("stop: -p needs a value", "stop", "--savepointPath");
    assertError("Unrecognized option: --force", "cancel", "--force", "application_1_1");
    for (String command : ClusterCommand.NAMES) {
      TestCli help = TestCli.run(root, command, "--help");
      assertEquals(0, help.exitCode, help.toString());
      assertTrue(help.out.contains("Usage: weft " + command), help.out);
    }
  }

  private void assertError(String expected, String... args) {
    TestCli result = TestCli.run(root, args);
    assertEquals(2, result.exitCode, result.toString());
    assertTrue(result.err.contains(expected), "expected '" + expected + "' in\n" + result);
  }

  /** README may only name commands that weft --help lists: a renamed or dropped command fails here. */
  @Test
  void everyCommandTheReadmeNamesIsOneWeftKnows() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("weft.root"), "README.md"));
    String help = TestCli.run(root, "--help").out;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bweft ([a-z][a-z-]*)").matcher(readme);
    java.util.Set<String> named = new java.util.TreeSet<>();
    while (m.find()) {
      named.add(m.group(1));
    }
    assertTrue(named.contains("run"), "the pattern finds README's commands: " + named);
    for (String command : named) {
      assertTrue(help.contains("weft " + command + " "), "README names 'weft " + command + "', which weft --help"
          + " does not list:\n" + help);
    }
  }
}
