package io.weft.worker.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.worker.harness.OneInputOperatorHarness;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link KeyedReduceOperator} in both runtime modes, through the harness. */
class KeyedReduceOperatorTest {

  private static OneInputOperatorHarness<Tuple2<String, Integer>, Tuple2<String, Integer>> harness(RuntimeMode mode)
      throws Exception {
    OperatorSpec spec = new OperatorSpec.KeyedReduceSpec<String, Tuple2<String, Integer>>(
        t -> t.f0, (a, b) -> Tuple2.of(a.f0, a.f1 + b.f1));
    return OneInputOperatorHarness.<Tuple2<String, Integer>, Tuple2<String, Integer>>forSpec(spec)
        .withRuntimeMode(mode).open();
  }

  private static final List<Tuple2<String, Integer>> INPUT = List.of(
      Tuple2.of("a", 1), Tuple2.of("b", 10), Tuple2.of("a", 2), Tuple2.of("c", 100), Tuple2.of("a", 3), Tuple2.of("b", 20));

  @Test
  void streamingEmitsEveryUpdate() throws Exception {
    try (var h = harness(RuntimeMode.STREAMING)) {
      for (Tuple2<String, Integer> t : INPUT) {
        h.processElement(t);
      }
      assertEquals(List.of(Tuple2.of("a", 1), Tuple2.of("b", 10), Tuple2.of("a", 3), Tuple2.of("c", 100),
          Tuple2.of("a", 6), Tuple2.of("b", 30)), h.output());
      h.endInput();
      assertEquals(6, h.output().size(), "nothing more at the end in STREAMING mode");
      assertEquals(3, h.keyedState().numEntries("_reduce"));
    }
  }

  @Test
  void batchEmitsOneFinalValuePerKeyAtTheEnd() throws Exception {
    try (var h = harness(RuntimeMode.BATCH)) {
      for (Tuple2<String, Integer> t : INPUT) {
        h.processElement(t);
      }
      assertTrue(h.output().isEmpty(), "BATCH emits nothing before the input ends: " + h.output());
      h.endInput();
      assertEquals(Set.of(Tuple2.of("a", 6), Tuple2.of("b", 30), Tuple2.of("c", 100)), new HashSet<>(h.output()));
      assertEquals(3, h.output().size());
    }
  }
}
