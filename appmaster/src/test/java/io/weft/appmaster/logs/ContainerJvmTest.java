package io.weft.appmaster.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
