package io.weft.worker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.api.tuple.Tuple2;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job run in this JVM takes checkpoints when asked to, as on YARN. */
class LocalCheckpointsTest {
  @TempDir Path tmp;

  @Test
  void checkpointsCompleteAndCommitTheExactlyOnceSink() throws Exception {
    Path checkpoints = tmp.resolve("checkpoints");
    Path out = tmp.resolve("out");
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofMillis(50));
    conf.set(CheckpointOptions.DIRECTORY, checkpoints.toUri().toString());
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    // The map slows the job to a few seconds, so that several checkpoints fall within it.
    env.fromSource(new GeneratorSource<>(i -> Tuple2.of(i % 7, 1L), 3_000), "numbers")
        .returns(new TypeHint<Tuple2<Long, Long>>() {})
        .map(t -> {
          Thread.sleep(1);
          return t;
        }).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .sum(1)
        .map(t -> t.f0 + "," + t.f1).returns(String.class)
        .writeAsTextExactlyOnce(out.toUri().toString());
    env.execute("local checkpoints");

    List<String> committedAtCheckpoints = new ArrayList<>();
    long lines = 0;
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("part-") && !name.endsWith("-end")) {
          committedAtCheckpoints.add(name);
        }
        if (name.startsWith("part-")) {
          lines += Files.readAllLines(f).size();
        }
      }
    }
    assertTrue(!committedAtCheckpoints.isEmpty(), "no file was committed by a completed checkpoint");
    assertEquals(3_000, lines, "every running sum once");
    // Only the latest completed checkpoint's own directory is kept.
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      Path jobDir = jobs.findFirst().orElseThrow();
      try (Stream<Path> chk = Files.list(jobDir)) {
        long kept = chk.filter(p -> p.getFileName().toString().startsWith("chk-")).count();
        assertTrue(kept <= 2, "kept " + kept + " checkpoint directories");
      }
    }
  }
}
