package io.weft.appmaster.rescale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of the rescaled parallelism in a staging directory on a real (local) Hadoop FileSystem. */
class RescaledParallelismTest {
  @TempDir Path staging;
  private JobGraph staged;
  private int source;
  private int copy;
  private RescaledParallelism record;

  @BeforeEach
  void plan() throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.fromSource(new GeneratorSource<>(i -> i, 100), "numbers", TypeInfo.of(Long.class)).setParallelism(2)
        .rebalance().map(x -> x).name("copy").setParallelism(2).print().setParallelism(2);
    staged = env.buildJobGraph("rescaled job");
    source = staged.vertices().get(0).id();
    copy = staged.vertices().get(1).id();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging.toUri());
    record = new RescaledParallelism(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()), dir);
  }

  private JobGraph rescaled(Map<Integer, Integer> parallelism) {
    return staged.rescaled(parallelism, getClass().getClassLoader());
  }

  @Test
  void withoutARecordTheJobRunsAsSubmitted() throws Exception {
    assertEquals(Map.of(), record.read(staged));
    assertSame(staged, record.applyTo(staged, getClass().getClassLoader(), "test"));
  }

  @Test
  void eachTaskKeepsItsOwnParallelismAndTheLatestRecordWins() throws Exception {
    record.save(staged, rescaled(Map.of(copy, 3)));
    assertEquals(Map.of(copy, 3), record.read(staged), "only the task that differs");
    JobGraph running = record.applyTo(staged, getClass().getClassLoader(), "test");
    assertEquals(2, running.vertex(source).parallelism());
    assertEquals(3, running.vertex(copy).parallelism());
    assertEquals(rescaled(Map.of(copy, 3)).fingerprint(), running.fingerprint(),
        "the plan the TaskManagers derive from the same differences");

    record.save(staged, rescaled(Map.of(source, 4, copy, 4)));
    assertEquals(Map.of(source, 4, copy, 4), record.read(staged), "replaced, not appended");
    assertEquals(4, record.applyTo(staged, getClass().getClassLoader(), "test").maxTaskParallelism());

    record.save(staged, staged);
    assertEquals(Map.of(), record.read(staged), "back at the submitted parallelism");
    assertSame(staged, record.applyTo(staged, getClass().getClassLoader(), "test"));
    try (var names = Files.list(staging)) {
      assertEquals(java.util.List.of(RescaledParallelism.NAME), names.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".crc")).sorted().toList(), "no temporary file left");
    }
  }

  @Test
  void aDamagedOrForeignRecordIsRefusedAndTheJobRunsAsSubmitted() throws Exception {
    Path file = staging.resolve(RescaledParallelism.NAME);
    Files.writeString(file, RescaledParallelism.HEADER + "\nplan " + staged.fingerprint() + "\n" + copy + " x\n",
        StandardCharsets.UTF_8);
    assertTrue(assertThrows(java.io.IOException.class, () -> record.read(staged)).getMessage().contains("damaged"));
    assertSame(staged, record.applyTo(staged, getClass().getClassLoader(), "test"));

    Files.writeString(file, RescaledParallelism.HEADER + "\nplan another\n" + copy + " 3\n", StandardCharsets.UTF_8);
    assertTrue(assertThrows(java.io.IOException.class, () -> record.read(staged)).getMessage().contains("fingerprint"));

    Files.writeString(file, RescaledParallelism.HEADER + "\nplan " + staged.fingerprint() + "\n" + copy + " 999\n",
        StandardCharsets.UTF_8);
    assertSame(staged, record.applyTo(staged, getClass().getClassLoader(), "test"), "above the max parallelism");
  }

  @Test
  void itsNamesAreTheApplicationMastersNotTheContainers() {
    assertTrue(RescaledParallelism.isRuntimeFile(RescaledParallelism.NAME));
    assertTrue(RescaledParallelism.isRuntimeFile("." + RescaledParallelism.NAME + ".tmp"));
    assertFalse(RescaledParallelism.isRuntimeFile("job.jar"));
  }
}
