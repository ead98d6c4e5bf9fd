package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WordCountTest {
  @TempDir Path dir;

  @AfterEach
  void resetContext() {
    StreamEnvironment.setContextConfiguration(null);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void countsEveryWordOnceWithItsTotal(int parallelism) throws Exception {
    Path input = dir.resolve("input.txt");
    Map<String, Long> expected = writeText(input, 20_000, 7);
    Path output = dir.resolve("out");

    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    StreamEnvironment.setContextConfiguration(conf);
    WordCount.main(new String[] {"--input", input.toString(), "--output", output.toString()});

    Map<String, Long> actual = new TreeMap<>();
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : (Iterable<Path>) parts.filter(p -> p.getFileName().toString().startsWith("part-"))::iterator) {
        for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
          String[] f = line.split("\t");
          Long previous = actual.put(f[0], Long.parseLong(f[1]));
          assertEquals(null, previous, "word '" + f[0] + "' appears twice in the output");
        }
      }
    }
    assertEquals(expected, actual);
  }

  /** Writes random lines of words separated by runs of spaces; returns the expected counts. */
  private static Map<String, Long> writeText(Path file, int lines, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> vocabulary = List.of("weft", "warp", "yarn", "loom", "shuttle", "héddle", "ß", "x");
    Map<String, Long> counts = new TreeMap<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int words = 1 + random.nextInt(12);
      for (int w = 0; w < words; w++) {
        String word = vocabulary.get(random.nextInt(vocabulary.size())) + random.nextInt(50);
        counts.merge(word, 1L, Long::sum);
        sb.append(word).append(" ".repeat(1 + random.nextInt(3)));
      }
      sb.append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return counts;
  }
}
