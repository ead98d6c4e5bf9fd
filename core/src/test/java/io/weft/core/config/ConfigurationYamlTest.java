package io.weft.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationYamlTest {
  private static Configuration parse(String... lines) {
    return Configuration.fromYamlLines(List.of(lines), "conf.yaml");
  }

  @Test
  void nestedAndFlatKeysMeanTheSame() {
    Configuration nested = parse(
        "taskmanager:",
        "  numberOfTaskSlots: 2",
        "  memory:",
        "    process.size: 2g",
        "parallelism.default: 4  # a comment",
        "yarn.ship-files:",
        "  - a.jar",
        "  - conf/",
        "state.checkpoints.dir: 'hdfs:///cp#1'");
    assertEquals(Map.of("taskmanager.numberOfTaskSlots", "2", "taskmanager.memory.process.size", "2g",
        "parallelism.default", "4", "yarn.ship-files", "a.jar;conf/", "state.checkpoints.dir", "hdfs:///cp#1"),
        nested.toMap());
    assertEquals(2, nested.get(CoreOptions.NUM_TASK_SLOTS));
    assertEquals(4, nested.get(CoreOptions.DEFAULT_PARALLELISM));
  }

  @Test
  void scalarsStayTheTextTheyWereWrittenAs() {
    Configuration conf = parse("a: 007", "b: 2026-12-06", "c: off", "d: 1e3", "e:", "f: ~");
    assertEquals("007", conf.getString("a"));
    assertEquals("2026-12-06", conf.getString("b"));
    assertEquals("off", conf.getString("c"));
    assertEquals("1e3", conf.getString("d"));
    assertEquals("", conf.getString("e"));
    assertEquals("~", conf.getString("f"));
  }

  @Test
  void whatIsNotAConfigurationIsRefusedNamingTheFileAndLine() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("a: 1", "b: [unclosed"))
        .getMessage().startsWith("conf.yaml:"), "names the file");
    IllegalArgumentException badLine = assertThrows(IllegalArgumentException.class,
        () -> parse("a: 1", "  b: 2", "c: 3"));
    assertTrue(badLine.getMessage().matches("conf\\.yaml:2: not valid YAML: .*"), badLine.getMessage());
    assertEquals("conf.yaml:2: expected 'key: value' entries, found 'just text'",
        assertThrows(IllegalArgumentException.class, () -> parse("# comment", "just text")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("a: 1", "a: 2")).getMessage()
        .contains("duplicate key a"));
    assertEquals("conf.yaml: a.b is given twice (nested and flat keys name the same option); keep one",
        assertThrows(IllegalArgumentException.class, () -> parse("a.b: 1", "a:", "  b: 2")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("l:", "  - {x: 1}")).getMessage()
        .contains("l: a list's items must be plain values"));
  }

  @Test
  void whatToYamlWritesReadsBackTheSameWhateverTheText() {
    Configuration conf = new Configuration();
    for (String v : new String[] {"plain", "a: b", "# not a comment", "{not: a map}", "*alias", "  spaces  ", "",
        "quote \" and \\ backslash", "line\nbreak", "tab\tand\u0001control", "[1, 2]", "yes", "~"}) {
      conf.setString("k" + conf.toMap().size(), v);
    }
    conf.setString("key: with colon", "v");
    assertEquals(conf.toMap(), Configuration.fromYamlLines(List.of(conf.toYaml().split("\n")), "x").toMap());
  }
}
