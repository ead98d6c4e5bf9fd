package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.GeneratorSource;
import io.weft.core.plan.JobGraph;
import io.weft.testing.Await;
import io.weft.worker.memory.TaskManagerResources;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskWiring;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task cancellation watchdog ({@code task.cancellation.timeout}): a canceled task that does not
 * end in time is reported as stuck (a TaskManager then exits); one that ends is not.
 */
@Timeout(120)
class CancellationWatchdogTest {
  /** Written by the sink subtasks of the job under test (static: each subtask gets a copy of the sink). */
  static final AtomicLong WRITTEN = new AtomicLong();
  /** Whether the sink ignores cancellation: it then holds its thread until {@link #release} opens. */
  static final AtomicBoolean STUBBORN = new AtomicBoolean();
  static volatile CountDownLatch release = new CountDownLatch(1);

  /** Counts; when {@link #STUBBORN}, the first write waits for the release, swallowing interrupts. */
  static final class HoldingSink implements Sink<Long> {
    @Override
    public SinkWriter<Long> createWriter(SubtaskInfo context) {
      return (value, timestamp) -> {
        WRITTEN.incrementAndGet();
        while (STUBBORN.get() && release.getCount() > 0) {
          try {
            release.await();
          } catch (InterruptedException ignored) {
            // As a user function blocked in a call that swallows interrupts.
          }
        }
      };
    }
  }

  private final Map<Task, ExecutionState> states = new ConcurrentHashMap<>();
  private final TaskListener listener = (task, state, failure) -> states.put(task, state);

  private static JobGraph endlessJob() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE), "endless")
        .sinkTo(new HoldingSink()).name("holding").disableChaining();
    return env.buildJobGraph("cancellation watchdog");
  }

  private List<Task> deploy(TaskManager tm, JobGraph graph) throws Exception {
    List<Task> tasks = TaskWiring.build(graph, "watchdog-test", 0, TaskWiring.allSubtasks(graph), null, listener,
        tm.timers(), null, TaskManagerResources.of(graph.configuration()).slotBudget(), s -> Map.of());
    tasks.forEach(t -> tm.deploy(t.setup().subtaskIndex(), t));
    return tasks;
  }

  private static Task sinkOf(List<Task> tasks) {
    return tasks.stream().filter(t -> !t.setup().vertex().isSource()).findFirst().orElseThrow();
  }

  @Test
  void aCanceledTaskThatDoesNotEndInTimeIsReportedStuck() throws Exception {
    WRITTEN.set(0);
    STUBBORN.set(true);
    release = new CountDownLatch(1);
    Set<Task> stuck = ConcurrentHashMap.newKeySet();
    try (TaskManager tm = new TaskManager("tm-watchdog", 1)) {
      List<Task> tasks = deploy(tm, endlessJob());
      Task sink = sinkOf(tasks);
      Await.until("the sink holds its first record", Duration.ofSeconds(60), () -> WRITTEN.get() > 0);
      // Long enough for the source, which does end, to end on a loaded machine before it is checked.
      for (Task t : tasks) {
        tm.cancel(t, Duration.ofSeconds(2), stuck::add);
      }
      Await.until("the watchdog reports the sink", Duration.ofSeconds(30), () -> stuck.contains(sink));
      assertEquals(Set.of(sink), stuck, "only the task that ignored cancellation is reported");
      assertTrue(!sink.state().isTerminal(), "the sink still runs");
      release.countDown();
      Await.until("the sink ends once released", Duration.ofSeconds(30), () -> sink.state().isTerminal());
      assertEquals(ExecutionState.CANCELED, states.get(sink));
    } finally {
      release.countDown();
      STUBBORN.set(false);
    }
  }

  @Test
  void aCanceledTaskThatEndsInTimeIsNotReported() throws Exception {
    WRITTEN.set(0);
    STUBBORN.set(false);
    Set<Task> stuck = ConcurrentHashMap.newKeySet();
    try (TaskManager tm = new TaskManager("tm-watchdog", 1)) {
      List<Task> tasks = deploy(tm, endlessJob());
      Await.until("the sink wrote", Duration.ofSeconds(60), () -> WRITTEN.get() > 0);
      for (Task t : tasks) {
        tm.cancel(t, Duration.ofSeconds(3), stuck::add);
      }
      // Runs after the watchdog's checks: the timer thread runs what is due in the order it was scheduled.
      CountDownLatch checked = new CountDownLatch(1);
      tm.timers().schedule(checked::countDown, 3, TimeUnit.SECONDS);
      Await.until("every task ended", Duration.ofSeconds(30),
          () -> tasks.stream().allMatch(t -> t.state().isTerminal()));
      assertTrue(checked.await(30, TimeUnit.SECONDS), "the watchdog's checks ran");
      assertEquals(Set.of(), stuck);
      tasks.forEach(t -> assertEquals(ExecutionState.CANCELED, states.get(t), t.name()));
    }
  }
}
