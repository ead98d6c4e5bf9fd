package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.weft.testing.Await;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium for the web UI tests: the page's DOM after its scripts ran, and screenshots.
 * Each instance has a profile directory of its own; {@link #close()} waits until every process of
 * it is gone and deletes the profile.
 */
final class Chromium implements AutoCloseable {
  private final String binary;
  private final Path dir;
  private final Path profile;

  /** @param dir a test's temporary directory, for the profile and the browser's output */
  Chromium(Path dir) throws Exception {
    this.binary = binary(dir);
    this.dir = dir;
    this.profile = Files.createTempDirectory(dir, "chromium-profile");
  }

  /** The DOM of {@code url} after up to 5 s of (virtual) time for its scripts. */
  String dumpDom(String url) throws Exception {
    return run(List.of("--dump-dom", url));
  }

  void screenshot(String url, Path file, int width, int height) throws Exception {
    run(List.of("--screenshot=" + file, "--window-size=" + width + "," + height, url));
  }

  String run(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        fail("chromium did not end within 90 s: " + Files.readString(err));
      }
      assertEquals(0, p.exitValue(), Files.readString(err));
      return Files.readString(out);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      ProcessHandle.allProcesses().filter(this::isMine).forEach(ProcessHandle::destroyForcibly);
    }
  }

  long processes() {
    return ProcessHandle.allProcesses().filter(this::isMine).count();
  }

  /** Chromium's helper processes carry the profile directory on their command lines. */
  private boolean isMine(ProcessHandle h) {
    return h.isAlive() && h.info().commandLine().map(c -> c.contains(profile.toString())).orElse(false);
  }

  @Override
  public void close() throws Exception {
    Await.until("every chromium process is gone", Duration.ofSeconds(10), () -> processes() == 0);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /** Debian's chromium, installed by this set-up when missing (the tests run as root). */
  private static String binary(Path dir) throws Exception {
    for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(name))) {
        return name;
      }
    }
    Process install = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", "chromium")
        .redirectErrorStream(true).redirectOutput(dir.resolve("apt-get.log").toFile()).start();
    boolean ended = install.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      install.destroyForcibly();
    }
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      return "/usr/bin/chromium";
    }
    fail("the browser test needs headless Chromium (Debian's package 'chromium') and could not install it with "
        + "'apt-get install -y --no-install-recommends chromium' (" + (ended ? "exit " + install.exitValue()
        : "no end within 15 min") + "; must run as root with a reachable package mirror): "
        + Files.readString(dir.resolve("apt-get.log")));
    return null;
  }
}
