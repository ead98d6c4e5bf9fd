package io.weft.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JobGraph#rescaled}: the same tasks at another parallelism, and the refusals an in-place rescale relies on. */
class JobGraphRescaleTest {
  private static final ClassLoader LOADER = JobGraphRescaleTest.class.getClassLoader();

  /** source -> map (chained) => keyBy => reduce -> print (chained), all at 2, max parallelism 16. */
  private static JobGraph keyed() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(2);
    env.setMaxParallelism(16);
    env.fromSequence(1, 100).map(x -> x).name("before").keyBy(x -> x % 5).reduce(Long::sum).name("reduce")
        .print().name("sink");
    return env.buildJobGraph("keyed");
  }

  @Test
  void keepsTasksIdsAndChainsAndChangesOnlyTheParallelismAndTheFingerprint() {
    JobGraph graph = keyed();
    Map<Integer, Integer> all = new java.util.TreeMap<>();
    graph.vertices().forEach(v -> all.put(v.id(), 4));
    JobGraph wide = graph.rescaled(all, LOADER);
    assertEquals(graph.vertices().stream().map(JobVertex::id).toList(),
        wide.vertices().stream().map(JobVertex::id).toList());
    assertEquals(graph.vertices().stream().map(JobVertex::name).toList(),
        wide.vertices().stream().map(JobVertex::name).toList());
    assertEquals(List.of(4, 4), wide.vertices().stream().map(JobVertex::parallelism).toList());
    assertEquals(List.of(16, 16), wide.vertices().stream().map(JobVertex::maxParallelism).toList(),
        "the key groups stay");
    assertEquals(List.of(2, 2), graph.vertices().stream().map(JobVertex::parallelism).toList(), "the original is untouched");
    assertNotEquals(graph.fingerprint(), wide.fingerprint());
    assertEquals(wide.fingerprint(), graph.rescaled(all, LOADER).fingerprint(), "every process derives the same plan");
    assertSame(graph, graph.rescaled(Map.of(), LOADER));
  }

  @Test
  void refusesAboveTheMaxParallelismBelowOneAndUnknownTasks() {
    JobGraph graph = keyed();
    int head = graph.vertices().get(0).id();
    assertEquals("parallelism 17 for task 'Source: Sequence Source -> before' is above the max parallelism 16 of operator"
        + " 'Source: Sequence Source' (its number of key groups, fixed when the job was submitted: setMaxParallelism /"
        + " pipeline.max-parallelism)", assertThrows(IllegalArgumentException.class,
            () -> graph.rescaled(Map.of(head, 17), LOADER)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> graph.rescaled(Map.of(head, 0), LOADER))
        .getMessage().contains("must be at least 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> graph.rescaled(Map.of(999, 2), LOADER))
        .getMessage().contains("has no task 999"));
  }

  @Test
  void refusesToBreakAForwardEdge() {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(2);
    env.fromSequence(1, 100).map(x -> x).name("a").map(x -> x).name("alone").disableChaining().print().name("sink");
    JobGraph graph = env.buildJobGraph("forward");
    int first = graph.vertices().get(0).id();
    String message = assertThrows(IllegalArgumentException.class, () -> graph.rescaled(Map.of(first, 3), LOADER))
        .getMessage();
    assertTrue(message.contains("FORWARD edge") && message.contains("rescale both"), message);
    Map<Integer, Integer> all = new java.util.TreeMap<>();
    graph.vertices().forEach(v -> all.put(v.id(), 3));
    assertEquals(3, graph.rescaled(all, LOADER).vertices().get(1).parallelism());
  }
}
