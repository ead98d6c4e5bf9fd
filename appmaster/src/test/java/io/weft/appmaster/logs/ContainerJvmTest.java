package io.weft.appmaster.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import java.util.List;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.junit.jupiter.api.Test;

class ContainerJvmTest {
  private static final String TMPDIR = "-Djava.io.tmpdir=" + ApplicationConstants.Environment.PWD.$$() + "/tmp";

  @Test
  void temporaryFilesGoToTheContainersOwnDirectoryInEveryRole() {
    for (ContainerJvm.Role role : ContainerJvm.Role.values()) {
      List<String> options = ContainerJvm.options(new Configuration(), role);
      assertTrue(options.contains(TMPDIR), role + ": " + options);
    }
  }

  @Test
  void theUsersJavaOptionsComeLastSoTheyWin() {
    Configuration conf = new Configuration();
    conf.set(LogOptions.JAVA_OPTS, "-Djava.io.tmpdir=/scratch");
    conf.set(LogOptions.JAVA_OPTS_TASKMANAGER, "-XX:+UseParallelGC");
    List<String> options = ContainerJvm.options(conf, ContainerJvm.Role.TASKMANAGER);
    assertEquals(List.of("-Djava.io.tmpdir=/scratch", "-XX:+UseParallelGC"),
        options.subList(options.size() - 2, options.size()));
    assertTrue(options.indexOf(TMPDIR) < options.indexOf("-Djava.io.tmpdir=/scratch"), options.toString());
  }

  @Test
  void theJobManagerStartsWithC1AndTheSerialCollectorAndTaskManagersWithTheDefaults() {
    List<String> jm = ContainerJvm.options(new Configuration(), ContainerJvm.Role.JOBMANAGER);
    assertTrue(jm.contains(ContainerJvm.JOBMANAGER_JIT), jm.toString());
    assertTrue(jm.contains(ContainerJvm.JOBMANAGER_GC), jm.toString());
    List<String> tm = ContainerJvm.options(new Configuration(), ContainerJvm.Role.TASKMANAGER);
    assertFalse(tm.contains(ContainerJvm.JOBMANAGER_JIT), tm.toString());
    assertFalse(tm.contains(ContainerJvm.JOBMANAGER_GC), tm.toString());
  }

  @Test
  void aCollectorTheUserChoosesForTheJobManagerReplacesTheSerialOneAndTheirJitLevelWins() {
    // Two collectors would stop the JVM before it starts.
    Configuration all = new Configuration();
    all.set(LogOptions.JAVA_OPTS, "-Xss2m -XX:+UseG1GC");
    assertFalse(ContainerJvm.options(all, ContainerJvm.Role.JOBMANAGER).contains(ContainerJvm.JOBMANAGER_GC));

    Configuration own = new Configuration();
    own.set(LogOptions.JAVA_OPTS_JOBMANAGER, "-XX:+UseParallelGC -XX:TieredStopAtLevel=4");
    List<String> options = ContainerJvm.options(own, ContainerJvm.Role.JOBMANAGER);
    assertFalse(options.contains(ContainerJvm.JOBMANAGER_GC), options.toString());
    assertTrue(options.indexOf(ContainerJvm.JOBMANAGER_JIT) < options.indexOf("-XX:+UseParallelGC -XX:TieredStopAtLevel=4"),
        options.toString());

    Configuration notACollector = new Configuration();
    notACollector.set(LogOptions.JAVA_OPTS_JOBMANAGER, "-XX:+UseGCOverheadLimit -XX:+UseCompressedOops");
    assertTrue(ContainerJvm.options(notACollector, ContainerJvm.Role.JOBMANAGER).contains(ContainerJvm.JOBMANAGER_GC));
  }
}
