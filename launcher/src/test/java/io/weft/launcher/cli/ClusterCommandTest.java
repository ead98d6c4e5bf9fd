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
}
