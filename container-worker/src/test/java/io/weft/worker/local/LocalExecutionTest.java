package io.weft.worker.local;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple2;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LocalExecutionTest {

  @Test
  void keyedSumOverParallelSubtasks() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Tuple2<Long, Long>> out = env.fromSequence(0, 9_999)
        .map(i -> Tuple2.of(i % 10, 1L)).returns(Types.TUPLE(Types.LONG, Types.LONG))
        .keyBy(t -> t.f0)
        .sum(1)
        .executeAndCollect();
    Map<Long, Long> last = new TreeMap<>();
    for (Tuple2<Long, Long> t : out) {
      last.merge(t.f0, t.f1, Math::max);
    }
    assertEquals(10_000, out.size(), "streaming sum emits one update per element");
    for (long k = 0; k < 10; k++) {
      assertEquals(1000L, last.get(k));
    }
  }
}
