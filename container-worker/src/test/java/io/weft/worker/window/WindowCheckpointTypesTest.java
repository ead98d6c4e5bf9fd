package io.weft.worker.window;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple2;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.types.TypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With checkpoints on, a window whose contents' type is unknown is refused at start, naming the fix. */
@Timeout(60)
class WindowCheckpointTypesTest {
  @TempDir
  Path dir;

  @Test
  void anErasedElementTypeIsRefusedNamingReturns() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
    env.getConfiguration().set(CheckpointOptions.DIRECTORY, dir.toUri().toString());
    Exception e = assertThrows(Exception.class, () -> env.fromSequence(0, 10)
        .map(v -> Tuple2.of(v % 2, v)) // a lambda: Tuple2's type arguments are erased, and no returns(...)
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("sums")
        .executeAndCollect("untyped window"));
    String message = e instanceof JobExecutionException ? e.getMessage() : String.valueOf(e);
    assertTrue(message.contains("'sums") && message.contains(".returns(...)"), message);
  }
}
