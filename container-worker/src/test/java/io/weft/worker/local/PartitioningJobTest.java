package io.weft.worker.local;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.api.tuple.Tuple3;
import io.weft.core.plan.KeyGroups;
import io.weft.worker.harness.TestThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How elements travel between subtasks, observed in real local jobs. */
@Timeout(60)
class PartitioningJobTest {

  /** Pairs each element with the index of the subtask that saw it. */
  static final class TagSubtask<T> extends AbstractRichFunction implements MapFunction<T, Tuple2<T, Integer>> {
    @Override
    public Tuple2<T, Integer> map(T value) {
      return Tuple2.of(value, getRuntimeContext().getIndexOfThisSubtask());
    }
  }

  /** Adds the index of the subtask that saw it to a tagged element. */
  static final class TagAgain<T> extends AbstractRichFunction
      implements MapFunction<Tuple2<T, Integer>, Tuple3<T, Integer, Integer>> {
    @Override
    public Tuple3<T, Integer, Integer> map(Tuple2<T, Integer> value) {
      return Tuple3.of(value.f0, value.f1, getRuntimeContext().getIndexOfThisSubtask());
    }
  }

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  private static void assertForwardKeepsSubtask(boolean chained) throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    var tagged = env.fromSequence(0, 3_999).map(new TagSubtask<Long>()).name("before");
    var after = tagged.forward().map(new TagAgain<Long>()).name("after");
    if (!chained) {
      after.disableChaining();
    }
    List<Tuple3<Long, Integer, Integer>> out = after.executeAndCollect("forward");

    assertEquals(4_000, out.size());
    Map<Integer, Integer> perSubtask = new TreeMap<>();
    for (Tuple3<Long, Integer, Integer> t : out) {
      assertEquals(t.f1, t.f2, "forward moved " + t.f0 + " from subtask " + t.f1 + " to " + t.f2);
      // The sequence source's subtask k of 4 makes k, k+4, ...
      assertEquals((int) (t.f0 % 4), t.f1);
      perSubtask.merge(t.f1, 1, Integer::sum);
    }
    assertEquals(Map.of(0, 1000, 1, 1000, 2, 1000, 3, 1000), perSubtask);
  }

  @Test
  void forwardKeepsSubtaskIWhenChained() throws Exception {
    assertForwardKeepsSubtask(true);
  }

  @Test
  void forwardKeepsSubtaskIOverANetworkEdge() throws Exception {
    assertForwardKeepsSubtask(false);
  }

  @Test
  void rebalanceSpreadsEvenly() throws Exception {
    int n = 1_001;
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    DataStream<Long> source = env.fromSequence(1, n);
    source.getTransformation().setParallelism(1);
    List<Tuple2<Long, Integer>> out = source.rebalance().map(new TagSubtask<Long>()).executeAndCollect("rebalance");

    assertEquals(n, out.size());
    Map<Integer, Integer> counts = new TreeMap<>();
    Set<Long> values = new HashSet<>();
    for (Tuple2<Long, Integer> t : out) {
      counts.merge(t.f1, 1, Integer::sum);
      values.add(t.f0);
    }
    assertEquals(n, values.size(), "every element exactly once");
    assertEquals(Set.of(0, 1, 2, 3), counts.keySet(), counts.toString());
    for (int c : counts.values()) {
      assertTrue(Math.abs(c - n / 4) <= 1, "uneven spread " + counts);
    }
  }

  @Test
  void broadcastDeliversEveryElementToEverySubtask() throws Exception {
    int n = 500;
    int p = 3;
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(p);
    DataStream<Long> source = env.fromSequence(1, n);
    source.getTransformation().setParallelism(1);
    List<Tuple2<Long, Integer>> out = source.broadcast().map(new TagSubtask<Long>()).executeAndCollect("broadcast");

    assertEquals(n * p, out.size());
    Map<Integer, Set<Long>> seen = new TreeMap<>();
    for (Tuple2<Long, Integer> t : out) {
      assertTrue(seen.computeIfAbsent(t.f1, k -> new HashSet<>()).add(t.f0), "subtask " + t.f1 + " got " + t.f0 + " twice");
    }
    assertEquals(Set.of(0, 1, 2), seen.keySet());
    for (Set<Long> s : seen.values()) {
      assertEquals(n, s.size());
    }
  }

  /** Sums the values of each key in keyed state; emits (key, subtask, running sum). */
  static final class SumPerKey extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Tuple3<Long, Integer, Long>> {
    private transient ValueState<Long> sum;

    @Override
    public void open() {
      sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
    }

    @Override
    public void processElement(Tuple2<Long, Long> value, Context<Long> ctx, Collector<Tuple3<Long, Integer, Long>> out)
        throws Exception {
      Long s = sum.value();
      long next = (s == null ? 0 : s) + value.f1;
      sum.update(next);
      out.collect(Tuple3.of(ctx.getCurrentKey(), getRuntimeContext().getIndexOfThisSubtask(), next));
    }
  }

  @Test
  void keyBySendsAllElementsOfAKeyToOneSubtaskAndStateSumsCorrectly() throws Exception {
    int keys = 37;
    int p = 4;
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Tuple3<Long, Integer, Long>> out = env.fromSequence(0, 9_999)
        .map(i -> Tuple2.of(i % keys, i)).returns(Types.TUPLE(Types.LONG, Types.LONG))
        .keyBy(t -> t.f0)
        .process(new SumPerKey()).setParallelism(p)
        .executeAndCollect("keyBy");

    assertEquals(10_000, out.size());
    Map<Long, Set<Integer>> subtasksOfKey = new HashMap<>();
    Map<Long, Long> finalSum = new HashMap<>();
    for (Tuple3<Long, Integer, Long> t : out) {
      subtasksOfKey.computeIfAbsent(t.f0, k -> new HashSet<>()).add(t.f1);
      finalSum.merge(t.f0, t.f2, Math::max);
    }
    assertEquals(keys, subtasksOfKey.size());
    Set<Integer> used = new HashSet<>();
    for (long k = 0; k < keys; k++) {
      Set<Integer> s = subtasksOfKey.get(k);
      assertEquals(1, s.size(), "key " + k + " went to subtasks " + s);
      int subtask = s.iterator().next();
      assertEquals(KeyGroups.subtaskForKey(k, KeyGroups.defaultMaxParallelism(p), p), subtask,
          "key " + k + " is owned by the subtask of its key group");
      used.add(subtask);
      long expected = 0;
      for (long i = k; i < 10_000; i += keys) {
        expected += i;
      }
      assertEquals(expected, finalSum.get(k), "sum of key " + k);
    }
    assertTrue(used.size() > 1, "37 keys should not all land on one of 4 subtasks: " + used);
  }

  @Test
  void unionYieldsAllElementsOfBothStreams() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    DataStream<Long> a = env.fromSequence(1, 500);
    DataStream<Long> b = env.fromSequence(10_001, 10_700);
    b.getTransformation().setParallelism(1);
    List<Long> out = a.union(b).map(x -> x).executeAndCollect("union");

    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 500; i++) {
      expected.add(i);
    }
    for (long i = 10_001; i <= 10_700; i++) {
      expected.add(i);
    }
    List<Long> sorted = new ArrayList<>(out);
    sorted.sort(null);
    assertEquals(expected, sorted);
  }
}
