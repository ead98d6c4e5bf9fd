package io.weft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.launcher.cli.CliException;
import io.weft.launcher.cli.ShipFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What -yt / yarn.ship-files ship, under which names, and what goes on the classpath. */
class ShipFilesTest {
  @TempDir
  Path tmp;

  @Test
  void parseSplitsOnSemicolonsAndMakesPathsAbsolute() {
    assertEquals(List.of(), ShipFiles.parse(null));
    assertEquals(List.of(), ShipFiles.parse(" ; "));
    assertEquals(List.of(Path.of("/a/b.txt"), Path.of("/c/d")), ShipFiles.parse("/a/b.txt; /c/./d ;"));
    assertEquals(List.of(Path.of("rel").toAbsolutePath()), ShipFiles.parse("rel"));
  }

  @Test
  void aFileKeepsItsNameAndADirectoryItsTree() throws IOException {
    Path file = Files.writeString(tmp.resolve("greeting.txt"), "hello");
    Path dir = Files.createDirectories(tmp.resolve("data/sub/deeper"));
    Files.writeString(tmp.resolve("data/top.txt"), "1");
    Files.writeString(tmp.resolve("data/sub/deeper/leaf.txt"), "2");
    Files.createDirectories(tmp.resolve("data/empty"));

    assertEquals(Map.of("greeting.txt", file), ShipFiles.files(file));
    Map<String, Path> files = ShipFiles.files(tmp.resolve("data"));
    assertEquals(List.of("data/sub/deeper/leaf.txt", "data/top.txt"), List.copyOf(files.keySet()),
        "files only (empty directories are not shipped), sorted");
    assertEquals(dir.resolve("leaf.txt"), files.get("data/sub/deeper/leaf.txt"));
  }

  @Test
  void directoriesAndJarsGoOnTheClasspathPlainFilesDoNot() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("conf-dir"));
    Path jar = Files.writeString(tmp.resolve("extra.jar"), "not really a jar");
    Path text = Files.writeString(tmp.resolve("notes.txt"), "x");
    assertEquals(List.of("conf-dir", "extra.jar"), ShipFiles.classpath(List.of(dir, text, jar)));
  }

  @Test
  void checkNamesTheSourceTheValueAndTheProblem() throws IOException {
    String missing = tmp.resolve("missing.txt").toString();
    assertEquals("-yt: '" + missing + "' does not exist; ship an existing file or directory",
        fail(List.of(missing), "-yt"));

    Path a = Files.writeString(Files.createDirectories(tmp.resolve("a")).resolve("data.txt"), "a");
    Path b = Files.writeString(Files.createDirectories(tmp.resolve("b")).resolve("data.txt"), "b");
    String twice = fail(List.of(a.toString(), b.toString()), "-yD yarn.ship-files");
    assertTrue(twice.startsWith("-yD yarn.ship-files: '" + a + "' and '" + b + "' would both be 'data.txt'"), twice);

    Path jobJar = Files.writeString(tmp.resolve("job.jar"), "x");
    assertTrue(fail(List.of(jobJar.toString()), "-yt").contains("would replace Weft's own 'job.jar'"));
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    assertTrue(fail(List.of(lib.toString()), "-yt").contains("would replace Weft's own 'lib'"));

    Path colon = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(colon.resolve("a:b.txt"), "x");
    String message = fail(List.of(colon.toString()), "-yt");
    assertTrue(message.contains("holds '" + colon.resolve("a:b.txt") + "', which has a ':' in its name"), message);

    ShipFiles.check(List.of(a.toString(), tmp.resolve("b").toString()), "-yt"); // data.txt and b: fine
  }

  @Test
  void unreadableFilesAreRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("locked-dir"));
    Path locked = Files.writeString(dir.resolve("secret.txt"), "x");
    if (!locked.toFile().setReadable(false) || Files.isReadable(locked)) {
      return; // root reads everything
    }
    assertEquals("-yt: '" + locked + "' cannot be read; check its permissions", fail(List.of(locked.toString()), "-yt"));
    assertTrue(fail(List.of(dir.toString()), "-yt").contains("holds '" + locked + "', which cannot be read"));
  }

  private static String fail(List<String> values, String source) {
    return assertThrows(CliException.class, () -> ShipFiles.check(values, source)).getMessage();
  }
}
