package io.weft.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arguments of weft logs, stop --drain and list --all, and the exact refusals. */
class ClusterCommandTest {
  @Test
  void logsTakesAJobIdAContainerAndATail() {
    ClusterCommand logs = ClusterCommand.parse("logs", new String[] {"job_1700000000000_0007", "--container",
        "container_1700000000000_0007_01_000002", "--tail", "50"});
    assertEquals("application_1700000000000_0007", logs.applicationId());
    assertEquals("container_1700000000000_0007_01_000002", logs.container());
    assertEquals(50, logs.tailLines());
    ClusterCommand whole = ClusterCommand.parse("logs", new String[] {"application_1700000000000_0007"});
    assertEquals(null, whole.container());
    assertEquals(-1, whole.tailLines());
  }

  @Test
  void logsTakesOneLogTypeAndFollow() {
    ClusterCommand logs = ClusterCommand.parse("logs", new String[] {"application_1_1", "--type", "taskmanager.log",
        "-f"});
    assertEquals("taskmanager.log", logs.logType());
    assertTrue(logs.follow());
    ClusterCommand shortFlags = ClusterCommand.parse("logs", new String[] {"-t", "jobmanager.err", "application_1_1"});
    assertEquals("jobmanager.err", shortFlags.logType());
    assertFalse(shortFlags.follow());
    assertEquals(null, ClusterCommand.parse("logs", new String[] {"application_1_1"}).logType());
  }

  @Test
  void logsRefusesAnUnknownLogTypeListingTheTypes() {
    assertEquals("logs: --type 'taskmanager' is not a log file of Weft's containers; the types are jobmanager.log,"
        + " jobmanager.out, jobmanager.err, taskmanager.log, taskmanager.out, taskmanager.err",
        assertThrows(CliException.class, () -> ClusterCommand.parse("logs",
            new String[] {"application_1_1", "--type", "taskmanager"})).getMessage());
    assertEquals("logs: -t needs a value: -t <file>", assertThrows(CliException.class,
        () -> ClusterCommand.parse("logs", new String[] {"application_1_1", "-t"})).getMessage());
  }

  @Test
  void logsRefusesWhatIsNotAContainerOrALineCount() {
    assertEquals("logs: --container 'tm-0' is not a YARN container id; they look like"
        + " container_1700000000000_0001_01_000002", assertThrows(CliException.class, () -> ClusterCommand.parse("logs",
            new String[] {"application_1_1", "--container", "tm-0"})).getMessage());
    assertEquals("logs: --tail '-3' is not a number of lines (0 or more)", assertThrows(CliException.class,
        () -> ClusterCommand.parse("logs", new String[] {"application_1_1", "--tail", "-3"})).getMessage());
    assertEquals("logs: --tail 'ten' is not a number of lines (0 or more)", assertThrows(CliException.class,
        () -> ClusterCommand.parse("logs", new String[] {"application_1_1", "--tail", "ten"})).getMessage());
  }

  @Test
  void stopDrainsOnlyWhenAsked() {
    assertTrue(ClusterCommand.parse("stop", new String[] {"--drain", "application_1_1"}).drain());
    assertTrue(ClusterCommand.parse("stop", new String[] {"-d", "-p", "hdfs:///sp", "application_1_1"}).drain());
    assertFalse(ClusterCommand.parse("stop", new String[] {"application_1_1"}).drain());
    assertEquals("hdfs:///sp", ClusterCommand.parse("stop", new String[] {"-d", "-p", "hdfs:///sp", "application_1_1"})
        .savepointDirectory());
  }

  @Test
  void listAllAddsTheArchivedJobs() {
    assertTrue(ClusterCommand.parse("list", new String[] {"--all"}).all());
    assertFalse(ClusterCommand.parse("list", new String[] {}).all());
  }

  @Test
  void rescaleTakesAParallelismAndPerTaskValues() {
    ClusterCommand c = ClusterCommand.parse("rescale", new String[] {"job_1700000000000_0007", "-p", "4", "--vertex",
        "Source: numbers=2", "--vertex", "sink=1"});
    assertEquals("application_1700000000000_0007", c.applicationId());
    assertEquals(4, c.parallelism());
    assertEquals(java.util.Map.of("Source: numbers", 2, "sink", 1), c.vertices());
    assertEquals(0, ClusterCommand.parse("rescale", new String[] {"application_1_1", "--vertex", "7=3"}).parallelism());
  }

  @Test
  void rescaleRefusesBadValuesNamingTheFlag() {
    assertEquals("rescale: -p 0: the parallelism must be at least 1", assertThrows(CliException.class,
        () -> ClusterCommand.parse("rescale", new String[] {"application_1_1", "-p", "0"})).getMessage());
    assertEquals("rescale: -p 'four' is not a whole number", assertThrows(CliException.class,
        () -> ClusterCommand.parse("rescale", new String[] {"application_1_1", "-p", "four"})).getMessage());
    assertEquals("rescale: -p 40000 is above the largest max parallelism, 32768", assertThrows(CliException.class,
        () -> ClusterCommand.parse("rescale", new String[] {"application_1_1", "-p", "40000"})).getMessage());
    assertEquals("rescale: --vertex 'map' is not NAME=N (a task's id, name or operator name, '=', its new"
        + " parallelism)", assertThrows(CliException.class,
            () -> ClusterCommand.parse("rescale", new String[] {"application_1_1", "--vertex", "map"})).getMessage());
    assertEquals("rescale: --vertex map -2: the parallelism must be at least 1", assertThrows(CliException.class,
        () -> ClusterCommand.parse("rescale", new String[] {"application_1_1", "--vertex", "map=-2"})).getMessage());
    assertTrue(assertThrows(CliException.class, () -> ClusterCommand.parse("rescale",
        new String[] {"application_1_1"})).getMessage().startsWith("rescale: say the new parallelism"));
  }
}
