package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.core.config.ConfigDocs;
import io.weft.core.config.ConfigOption;
import io.weft.launcher.OptionRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
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
        + OptionRegistry.sections().stream().map(s -> ConfigDocs.table(s.title(), s.options()))
            .collect(Collectors.joining());
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
    for (ConfigOption<?> o : OptionRegistry.all()) {
      assertEquals(true, keys.add(o.key()), "option " + o.key() + " is declared twice");
    }
  }
}
