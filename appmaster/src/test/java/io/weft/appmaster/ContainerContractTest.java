package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.container.ContainerContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.Test;

/** The environment every container gets, and when a killed ApplicationMaster may delete the staging directory. */
class ContainerContractTest {
  private static final String PWD = "{{PWD}}";
  private static final String SEP = "<CPS>";

  @Test
  void shippedJarsAndDirectoriesComeAfterTheJobJarAndBeforeWeftsJars() {
    Map<String, String> env = ApplicationMasterMain.containerEnvironment("hdfs://nn/user/u/.weft/app",
        List.of("conf-dir", "extra.jar"));
    assertEquals(String.join(SEP, PWD, PWD + "/hadoop-conf", PWD + "/job.jar", PWD + "/conf-dir",
        PWD + "/extra.jar", PWD + "/lib/*"), env.get("CLASSPATH"));
    assertEquals("conf-dir:extra.jar", env.get(ContainerContract.ENV_SHIP_CLASSPATH));
    assertEquals("hdfs://nn/user/u/.weft/app", env.get(ContainerContract.ENV_STAGING_DIR));
    assertEquals(Set.of("CLASSPATH", ContainerContract.ENV_SHIP_CLASSPATH, ContainerContract.ENV_STAGING_DIR),
        env.keySet(), "nothing secret: YARN writes the environment into launch_container.sh");
  }

  @Test
  void withoutShippedFilesTheClasspathIsWeftsAlone() {
    Map<String, String> env = ApplicationMasterMain.containerEnvironment("/staging", List.of());
    assertEquals(String.join(SEP, PWD, PWD + "/hadoop-conf", PWD + "/job.jar", PWD + "/lib/*"), env.get("CLASSPATH"));
    assertFalse(env.containsKey(ContainerContract.ENV_SHIP_CLASSPATH));
  }

  @Test
  void taskManagersGetTheShippedClasspathTheApplicationMasterWasGiven() {
    assertEquals(List.of("conf-dir", "extra.jar"),
        ApplicationMasterMain.shipClasspath(Map.of(ContainerContract.ENV_SHIP_CLASSPATH, "conf-dir:extra.jar")));
    assertEquals(List.of(), ApplicationMasterMain.shipClasspath(Map.of()));
  }

  @Test
  void onlyTheLastAttemptDeletesTheStagingDirectoryWhenKilled() {
    ApplicationId app = ApplicationId.newInstance(1_700_000_000_000L, 7);
    ApplicationAttemptId first = ApplicationAttemptId.newInstance(app, 1);
    ApplicationAttemptId second = ApplicationAttemptId.newInstance(app, 2);
    assertFalse(StagingDirectory.isLastAttempt(first, 2));
    assertTrue(StagingDirectory.isLastAttempt(second, 2));
    assertTrue(StagingDirectory.isLastAttempt(first, 1));
    // Attempts YARN does not count (a preempted AM) can push the id past the maximum: still the last.
    assertTrue(StagingDirectory.isLastAttempt(ApplicationAttemptId.newInstance(app, 3), 2));
    assertFalse(StagingDirectory.isLastAttempt(second, null), "unknown maximum: never delete");
  }

  @Test
  void theContractNamesTheApplicationMastersMainClass() {
    assertEquals(ApplicationMasterMain.class.getName(), ContainerContract.APPLICATION_MASTER_MAIN_CLASS);
  }

  @Test
  void shippedFilesMayTakeNoNameWeftStages() {
    assertTrue(ApplicationMasterMain.STAGED_NAMES.containsAll(ContainerContract.RESERVED_NAMES));
    assertTrue(ApplicationMasterMain.STAGED_NAMES.contains(io.weft.appmaster.web.ActionSignature.USED_DIRECTORY));
  }
}
