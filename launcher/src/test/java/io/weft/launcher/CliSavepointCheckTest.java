package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.launcher.cli.CliEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `weft run -s` refuses a savepoint it cannot restore before it asks YARN for anything: the
 * ResourceManager configured here does not exist, so reaching it would show as "cannot reach".
 */
class CliSavepointCheckTest {
  @TempDir
  Path tmp;

  private CliEnvironment withHadoop;
  private Path jar;

  @BeforeEach
  void setUp() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
    withHadoop = new CliEnvironment(root, Map.of("HADOOP_CONF_DIR", hadoopConf.toString()));
    jar = TestJars.jobJar(tmp, "io.weft.launcher.testjob.TinyJob");
  }

  private TestCli run(Path savepoint) {
    return TestCli.run(withHadoop, "run", "-d", "-yD", "weft.hadoop.yarn.resourcemanager.connect.max-wait.ms=300",
        "-s", savepoint.toUri().toString(), jar.toString(), tmp.resolve("out").toString());
  }

  private static void assertRefused(TestCli result, String... expected) {
    assertEquals(2, result.exitCode, result.toString());
    for (String e : expected) {
      assertTrue(result.err.contains(e), "expected '" + e + "' in:\n" + result);
    }
    assertFalse(result.err.contains("cannot reach the YARN cluster"), "refused before YARN:\n" + result);
  }

  @Test
  void aMissingSavepointIsRefused() {
    Path missing = tmp.resolve("savepoint-none");
    assertRefused(run(missing), "-s", missing.toString(), "no savepoint");
  }

  @Test
  void aDirectoryWithoutMetadataIsRefused() throws IOException {
    Path incomplete = Files.createDirectories(tmp.resolve("savepoint-incomplete"));
    assertRefused(run(incomplete), "-s", incomplete.resolve("_metadata").toString());
  }

  @Test
  void metadataThatDoesNotParseIsRefused() throws IOException {
    Path corrupt = Files.createDirectories(tmp.resolve("savepoint-corrupt"));
    Files.write(corrupt.resolve("_metadata"), "not a savepoint".getBytes(StandardCharsets.UTF_8));
    assertRefused(run(corrupt), "-s", corrupt.resolve("_metadata").toString(), "not a savepoint's metadata");
  }
}
