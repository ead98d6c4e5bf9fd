package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft info` prints the plan main() builds, as JSON, without running the job. */
class CliInfoTest {
  @TempDir
  Path tmp;

  @Test
  void printsThePlanAsJsonWithoutRunningTheJob() throws Exception {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    Path output = tmp.resolve("out");
    TestCli result = TestCli.run(tmp, "info", "-p", "3", jar.toString(), output.toString());
    assertEquals(0, result.exitCode, result.toString());
    assertFalse(Files.exists(output), "nothing ran");

    JsonNode plan = new ObjectMapper().readTree(result.out);
    assertEquals("tiny", plan.get("jobName").asText());
    assertEquals(3, plan.get("slotsNeeded").asInt());
    assertEquals(1, plan.get("tasks").size(), "source, map and sink chain into one task: " + plan);
    JsonNode task = plan.get("tasks").get(0);
    assertEquals(3, task.get("parallelism").asInt());
    assertEquals("Source", task.get("operators").get(0).get("kind").asText());
    assertEquals("Map", task.get("operators").get(1).get("kind").asText());
    assertEquals("Sink", task.get("operators").get(2).get("kind").asText());
    assertEquals(0, plan.get("edges").size());
    assertTrue(plan.get("fingerprint").asText().matches("[0-9a-f]{32}"), plan.toString());
  }

  @Test
  void aProgramThatFailsBeforeItsPlanSaysSo() throws Exception {
    Path jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
    TestCli result = TestCli.run(tmp, "info", jar.toString()); // TinyJob needs an argument
    assertEquals(1, result.exitCode, result.toString());
    assertTrue(result.err.contains("The program failed before it built its plan: usage: TinyJob <output directory>"),
        result.toString());
  }
}
