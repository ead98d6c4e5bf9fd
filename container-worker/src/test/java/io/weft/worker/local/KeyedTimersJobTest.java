package io.weft.worker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple3;
import io.weft.worker.harness.TestThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Event-time timers in a real local job: the end of a bounded input fires every pending timer. */
@Timeout(60)
class KeyedTimersJobTest {

  /**
   * Counts each key's elements and registers an event-time timer at 1000 + value % 3 per element
   * (so three timers per key at most); each timer emits (key, timer time, count at firing).
   */
  static final class CountThenReport extends KeyedProcessFunction<Long, Long, Tuple3<Long, Long, Long>> {
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(Long value, Context<Long> ctx, Collector<Tuple3<Long, Long, Long>> out)
        throws Exception {
      Long c = count.value();
      count.update(c == null ? 1 : c + 1);
      ctx.timerService().registerEventTimeTimer(1000 + value % 3);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<Tuple3<Long, Long, Long>> out)
        throws Exception {
      out.collect(Tuple3.of(ctx.getCurrentKey(), timestamp, count.value()));
    }
  }

  @Test
  void endOfBoundedInputFiresAllPendingEventTimeTimers() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Tuple3<Long, Long, Long>> out = env.fromSequence(0, 2_999)
        .keyBy(x -> x % 10)
        .process(new CountThenReport()).setParallelism(3)
        .executeAndCollect("timers at end of input");

    // 10 keys, each with values of all three residues mod 3: 30 timers, each fired exactly once.
    Map<String, Long> fired = new HashMap<>();
    for (Tuple3<Long, Long, Long> t : out) {
      Long previous = fired.put(t.f0 + "@" + t.f1, t.f2);
      assertEquals(null, previous, "timer " + t.f0 + "@" + t.f1 + " fired twice");
    }
    List<String> expected = new ArrayList<>();
    for (long k = 0; k < 10; k++) {
      for (long r = 0; r < 3; r++) {
        expected.add(k + "@" + (1000 + r));
      }
    }
    assertEquals(expected.size(), out.size(), "fired timers: " + fired.keySet());
    for (String timer : expected) {
      // Timers fire after all input: each sees its key's final count of 300.
      assertEquals(300L, fired.get(timer), "timer " + timer);
    }
    TestThreads.assertNoRuntimeThreadsRemain();
  }
}
