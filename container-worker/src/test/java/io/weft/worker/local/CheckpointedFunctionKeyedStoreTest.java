package io.weft.worker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.state.CheckpointedFunction;
import io.weft.api.state.FunctionInitializationContext;
import io.weft.api.state.FunctionSnapshotContext;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A keyed function that is a CheckpointedFunction gets the operator's keyed state in initializeState. */
@Timeout(60)
class CheckpointedFunctionKeyedStoreTest {

  /** Running sums per key, in keyed state taken from the initialization context. */
  static final class KeyedSums extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>>
      implements CheckpointedFunction {
    private transient ValueState<Long> sum;

    @Override
    public void initializeState(FunctionInitializationContext context) {
      assertFalse(context.isRestored());
      sum = context.getKeyedStateStore().getState(new ValueStateDescriptor<>("sum", Long.class));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void processElement(Long value, Context<Long> ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
      long s = (sum.value() == null ? 0 : sum.value()) + value;
      sum.update(s);
      out.collect(Tuple2.of(ctx.getCurrentKey(), s));
    }
  }

  @Test
  void keyedStateFromTheInitializationContextIsPerKey() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Tuple2<Long, Long>> out = env.fromSequence(0, 999)
        .keyBy(v -> v % 5)
        .process(new KeyedSums()).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .executeAndCollect("keyed store");
    Map<Long, Long> last = new TreeMap<>();
    out.forEach(t -> last.merge(t.f0, t.f1, Math::max));
    Map<Long, Long> expected = new TreeMap<>();
    for (long v = 0; v < 1000; v++) {
      expected.merge(v % 5, v, Long::sum);
    }
    assertEquals(expected, last);
    assertEquals(1000, out.size());
  }
}
