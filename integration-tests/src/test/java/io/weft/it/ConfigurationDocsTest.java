package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.appmaster.web.WebOptions;
import io.weft.core.config.ConfigDocs;
import io.weft.core.config.ConfigOption;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.RestartOptions;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.memory.MemoryOptions;
import io.weft.core.security.SecurityOptions;
import io.weft.dataplane.NetworkOptions;
import io.weft.launcher.LauncherOptions;
import io.weft.state.StateOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md equal to the options declared in code. To regenerate it after
 * changing an option: {@code mvn -pl integration-tests -am test -Dtest=ConfigurationDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dweft.updateDocs=true}.
 */
class ConfigurationDocsTest {

  static String render() {
    return "# Configuration\n\n"
        + "Every option Weft reads, generated from the option declarations in the code (a test keeps this\n"
        + "page in step). Set options in `conf/weft-conf.yaml` (`key: value` lines), with\n"
        + "`weft run -yD key=value`, or through the `weft run` flags named in the descriptions.\n"
        + "Key names are Flink's where the concept is the same.\n\n"
        + ConfigDocs.table("Execution and the plan (CoreOptions)", CoreOptions.all())
        + ConfigDocs.table("Memory of the JobManager and TaskManagers (MemoryOptions)", MemoryOptions.all())
        + ConfigDocs.table("The network between TaskManagers (NetworkOptions)", NetworkOptions.all())
        + ConfigDocs.table("Checkpoints (CheckpointOptions)", CheckpointOptions.all())
        + ConfigDocs.table("Restarts after failures (RestartOptions)", RestartOptions.all())
        + ConfigDocs.table("The launcher and YARN deployment (LauncherOptions)", LauncherOptions.all())
        + ConfigDocs.table("High availability on YARN (HighAvailabilityOptions)", HighAvailabilityOptions.all())
        + ConfigDocs.table("State backends (StateOptions)", StateOptions.all())
        + ConfigDocs.table("The JobManager's web UI and REST API (WebOptions)", WebOptions.all())
        + ConfigDocs.table("Kerberos and delegation tokens (SecurityOptions)", SecurityOptions.all());
  }

  @Test
  void docsMatchTheDeclaredOptions() throws Exception {
    Path docs = Path.of(System.getProperty("weft.root"), "docs", "configuration.md");
    String expected = render();
    if (Boolean.getBoolean("weft.updateDocs")) {
      Files.createDirectories(docs.getParent());
      Files.writeString(docs, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "(missing)";
    assertEquals(expected, actual, "docs/configuration.md is out of date; regenerate it with -Dweft.updateDocs=true"
        + " (see this test's javadoc)");
  }

  @Test
  void everyKeyIsDeclaredOnce() {
    Set<String> keys = new HashSet<>();
    for (List<ConfigOption<?>> options : List.of(CoreOptions.all(), MemoryOptions.all(), NetworkOptions.all(),
        CheckpointOptions.all(), RestartOptions.all(), LauncherOptions.all(), HighAvailabilityOptions.all(),
        StateOptions.all(), WebOptions.all(), SecurityOptions.all())) {
      for (ConfigOption<?> o : options) {
        assertEquals(true, keys.add(o.key()), "option " + o.key() + " is declared twice");
      }
    }
  }
}
