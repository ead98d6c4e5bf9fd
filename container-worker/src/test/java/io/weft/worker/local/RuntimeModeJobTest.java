package io.weft.worker.local;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.RuntimeMode;
import io.weft.worker.harness.TestThreads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A keyed reduce in BATCH emits one final value per key; in STREAMING one update per element. */
@Timeout(60)
class RuntimeModeJobTest {

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  private static List<Tuple2<Long, Long>> run(RuntimeMode mode) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    env.setRuntimeMode(mode);
    return env.fromSequence(0, 5_999)
        .map(i -> Tuple2.of(i % 12, i)).returns(Types.TUPLE(Types.LONG, Types.LONG))
        .keyBy(t -> t.f0)
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).setParallelism(2)
        .executeAndCollect(mode + " reduce");
  }

  private static long expectedSum(long key) {
    long sum = 0;
    for (long i = key; i < 6_000; i += 12) {
      sum += i;
    }
    return sum;
  }

  @Test
  void batchEmitsExactlyOneFinalValuePerKey() throws Exception {
    List<Tuple2<Long, Long>> out = run(RuntimeMode.BATCH);
    assertEquals(12, out.size(), "one value per key: " + out);
    Map<Long, Long> byKey = new HashMap<>();
    for (Tuple2<Long, Long> t : out) {
      assertEquals(null, byKey.put(t.f0, t.f1), "key " + t.f0 + " emitted twice");
    }
    for (long k = 0; k < 12; k++) {
      assertEquals(expectedSum(k), byKey.get(k), "key " + k);
    }
  }

  @Test
  void streamingEmitsOneUpdatePerElement() throws Exception {
    List<Tuple2<Long, Long>> out = run(RuntimeMode.STREAMING);
    assertEquals(6_000, out.size());
    Map<Long, Long> last = new HashMap<>();
    for (Tuple2<Long, Long> t : out) {
      last.merge(t.f0, t.f1, Math::max);
    }
    for (long k = 0; k < 12; k++) {
      assertEquals(expectedSum(k), last.get(k), "key " + k);
    }
  }
}
