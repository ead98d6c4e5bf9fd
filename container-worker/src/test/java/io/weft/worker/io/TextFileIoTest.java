package io.weft.worker.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.TestSubtasks;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.SourceReader;
import io.weft.api.source.TextFileSource;
import io.weft.worker.harness.TestThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading text files split over parallel readers, and writing part files. */
@Timeout(60)
class TextFileIoTest {
  @TempDir
  Path dir;

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  /** The lines the file holds, as a reader should return them (no line ends, "\r\n" counts as one). */
  private static final List<String> LINES = List.of(
      "first line",
      "",
      "crlf line",
      "héllo wörld",
      "日本語のテキスト",
      "emoji 😀 and ñ",
      "",
      "",
      "a longer line " + "x".repeat(60),
      "short",
      "last line without newline");

  /** The file: LF and CRLF endings mixed, empty lines, multi-byte UTF-8, no newline at the end. */
  private static String fileContent() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < LINES.size(); i++) {
      sb.append(LINES.get(i));
      if (i < LINES.size() - 1) {
        sb.append(i % 3 == 2 ? "\r\n" : "\n");
      }
    }
    return sb.toString();
  }

  private static List<String> sorted(List<String> l) {
    List<String> s = new ArrayList<>(l);
    s.sort(null);
    return s;
  }

  /** Reads {@code path} with {@code p} readers directly, each to its end. */
  private static List<List<String>> readAll(String path, int p) throws Exception {
    TextFileSource source = new TextFileSource(path);
    List<List<String>> perSubtask = new ArrayList<>();
    for (int k = 0; k < p; k++) {
      List<String> lines = new ArrayList<>();
      try (SourceReader<String> reader = source.createReader(TestSubtasks.of(k, p))) {
        ReaderOutput<String> out = new ReaderOutput<>() {
          public void collect(String value) {
            lines.add(value);
          }

          public void collect(String value, long timestamp) {
            lines.add(value);
          }
        };
        while (reader.pollNext(out) != InputStatus.END_OF_INPUT) {
          // keep reading
        }
      }
      perSubtask.add(lines);
    }
    return perSubtask;
  }

  @Test
  void everyLineIsReadExactlyOnceAtEveryParallelism() throws Exception {
    Path file = dir.resolve("mixed.txt");
    Files.writeString(file, fileContent(), StandardCharsets.UTF_8);
    for (int p = 1; p <= 4; p++) {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(p);
      List<String> out = env.readTextFile(file.toUri().toString()).executeAndCollect("read p=" + p);
      assertEquals(sorted(LINES), sorted(out), "parallelism " + p);
    }
  }

  @Test
  void splitsAtEveryPossibleBoundaryLoseAndDuplicateNothing() throws Exception {
    // Readers split by bytes. Besides small parallelisms, one reader per byte makes every byte
    // offset a split point (inside CRLF pairs and multi-byte characters too), and more readers than
    // bytes leaves some with empty ranges.
    List<String> variants = new ArrayList<>();
    variants.add(fileContent());
    variants.add(fileContent() + "\n");
    variants.add(fileContent() + "\r\n");
    variants.add("\n\n\n");
    variants.add("only");
    variants.add("ä\r\nö\r\nü\r\n");
    int n = 0;
    for (String content : variants) {
      Path file = dir.resolve("variant-" + n++ + ".txt");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      List<String> expected = expectedLines(content);
      int len = content.getBytes(StandardCharsets.UTF_8).length;
      for (int p : new int[] {1, 2, 3, 4, 5, 7, len - 1, len, len + 3}) {
        if (p < 1) {
          continue;
        }
        List<String> all = new ArrayList<>();
        readAll(file.toUri().toString(), p).forEach(all::addAll);
        assertEquals(sorted(expected), sorted(all), "file " + file.getFileName() + " at parallelism " + p);
      }
    }
  }

  /** What splitting {@code content} into lines should give: "\n" or "\r\n" ends a line; no empty last line. */
  private static List<String> expectedLines(String content) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == '\n') {
        int end = i > start && content.charAt(i - 1) == '\r' ? i - 1 : i;
        lines.add(content.substring(start, end));
        start = i + 1;
      }
    }
    if (start < content.length()) {
      lines.add(content.substring(start));
    }
    return lines;
  }

  @Test
  void aLargerFileAndADirectoryOfFiles() throws Exception {
    Random random = new Random(42);
    List<String> expected = new ArrayList<>();
    Path input = Files.createDirectory(dir.resolve("input"));
    for (int f = 0; f < 3; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 2_000; i++) {
        String line = "f" + f + "-" + i + "-" + "ß".repeat(random.nextInt(20));
        expected.add(line);
        sb.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
      }
      Files.writeString(input.resolve("part-" + f + ".txt"), sb.toString(), StandardCharsets.UTF_8);
    }
    Files.writeString(input.resolve(".hidden"), "never read\n");
    Files.writeString(input.resolve("_SUCCESS"), "never read\n");
    for (int p : new int[] {1, 3, 4}) {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(p);
      List<String> out = env.readTextFile(input.toUri().toString()).executeAndCollect("dir p=" + p);
      assertEquals(sorted(expected), sorted(out), "parallelism " + p);
    }
  }

  private static List<String> readPartFiles(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  void writeAsTextWritesOnePartFilePerSubtaskAndRefusesToOverwrite() throws Exception {
    Path out = dir.resolve("out");
    String outUri = out.toUri().toString();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromCollection(LINES).rebalance().map(s -> s).writeAsText(outUri);
    env.execute("write");

    assertTrue(Files.exists(out.resolve("part-0")));
    assertTrue(Files.exists(out.resolve("part-1")));
    assertEquals(sorted(LINES), sorted(readPartFiles(out)));
    String part0Before = Files.readString(out.resolve("part-0"), StandardCharsets.UTF_8);

    StreamEnvironment again = StreamEnvironment.createLocalEnvironment(2);
    again.fromElements("would", "overwrite").rebalance().map(s -> s).writeAsText(outUri);
    JobExecutionException e = assertThrows(JobExecutionException.class, () -> again.execute("overwrite"));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertTrue(e.getMessage().contains("part-"), e.getMessage());
    assertEquals(part0Before, Files.readString(out.resolve("part-0"), StandardCharsets.UTF_8),
        "the existing part file is untouched");

    // Read back what was written, through the source.
    StreamEnvironment read = StreamEnvironment.createLocalEnvironment(3);
    assertEquals(sorted(LINES), sorted(read.readTextFile(outUri).executeAndCollect("read back")));
  }

  @Test
  void aMissingInputFailsWithItsPath() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    String missing = dir.resolve("does-not-exist").toUri().toString();
    JobExecutionException e = assertThrows(JobExecutionException.class,
        () -> env.readTextFile(missing).executeAndCollect("missing"));
    assertTrue(e.getMessage().contains("does-not-exist"), e.getMessage());
  }
}
