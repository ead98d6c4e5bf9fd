package io.weft.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.tuple.Tuple3;
import io.weft.core.plan.OperatorSpec;
import io.weft.worker.harness.TestThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every subtask gets its own copy of the user's function; functions that cannot be copied are reported. */
@Timeout(60)
class SpecCopierTest {

  /** Instances that were opened, by identity; static because the job works on copies. */
  static final Set<Integer> OPENED_INSTANCES = ConcurrentHashMap.newKeySet();

  /** Counts the elements it saw in a plain instance field: (subtask, count so far, instance id). */
  static final class CountingMapper extends AbstractRichFunction implements MapFunction<Long, Tuple3<Integer, Long, Integer>> {
    long seen;
    final String label;

    CountingMapper(String label) {
      this.label = label;
    }

    @Override
    public void open() {
      OPENED_INSTANCES.add(System.identityHashCode(this));
    }

    @Override
    public Tuple3<Integer, Long, Integer> map(Long value) {
      seen++;
      return Tuple3.of(getRuntimeContext().getIndexOfThisSubtask(), seen, System.identityHashCode(this));
    }
  }

  @Test
  void copyMakesANewEqualInstance() {
    CountingMapper original = new CountingMapper("label");
    original.seen = 7;
    OperatorSpec.MapSpec<?, ?> copy = (OperatorSpec.MapSpec<?, ?>) SpecCopier.copy(
        new OperatorSpec.MapSpec<>(original), "m", getClass().getClassLoader());
    CountingMapper copied = (CountingMapper) copy.function();
    assertNotSame(original, copied);
    assertEquals(7, copied.seen);
    assertEquals("label", copied.label);
  }

  @Test
  void eachSubtaskGetsItsOwnFunctionInstance() throws Exception {
    OPENED_INSTANCES.clear();
    int p = 4;
    CountingMapper original = new CountingMapper("x");
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(p);
    List<Tuple3<Integer, Long, Integer>> out = env.fromSequence(1, 4_000).map(original).name("count")
        .executeAndCollect("instances");

    assertEquals(4_000, out.size());
    Map<Integer, List<Long>> countsPerSubtask = new HashMap<>();
    Map<Integer, Set<Integer>> instancesPerSubtask = new HashMap<>();
    for (Tuple3<Integer, Long, Integer> t : out) {
      countsPerSubtask.computeIfAbsent(t.f0, k -> new ArrayList<>()).add(t.f1);
      instancesPerSubtask.computeIfAbsent(t.f0, k -> new HashSet<>()).add(t.f2);
    }
    assertEquals(p, countsPerSubtask.size());
    Set<Integer> allInstances = new HashSet<>();
    for (int s = 0; s < p; s++) {
      // A counter of its own: this subtask's counts are exactly 1..n, with no gaps from other subtasks.
      List<Long> counts = countsPerSubtask.get(s);
      counts.sort(null);
      for (int i = 0; i < counts.size(); i++) {
        assertEquals(i + 1, counts.get(i), "subtask " + s + " shares its counter");
      }
      assertEquals(1, instancesPerSubtask.get(s).size(), "one instance per subtask");
      allInstances.addAll(instancesPerSubtask.get(s));
    }
    assertEquals(p, allInstances.size(), "no two subtasks share an instance");
    assertEquals(allInstances, OPENED_INSTANCES);
    assertTrue(!allInstances.contains(System.identityHashCode(original)), "the user's own object is never run");
    assertEquals(0, original.seen, "the user's own object is untouched");
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  /** Not serializable. */
  static final class Connection {
    String query(long x) {
      return "r" + x;
    }
  }

  @Test
  void aFunctionCapturingANonSerializableObjectFailsNamingTheOperator() {
    Connection connection = new Connection();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 10).map(x -> connection.query(x)).name("lookup").print();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.execute("not serializable"));
    assertTrue(e.getMessage().contains("'lookup'"), e.getMessage());
    assertTrue(e.getMessage().contains(Connection.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("not serializable"), e.getMessage());
    TestThreads.assertNoRuntimeThreadsRemain();
  }
}
