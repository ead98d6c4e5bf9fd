package io.weft.worker.taskmanager;

import io.weft.worker.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in slots. With slot sharing, slot i holds subtask i of every task of a job: one
 * parallel slice of the pipeline. Slots share the process's CPU; one timer thread serves all.
 */
public final class TaskManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);
  private final String id;
  private final int numSlots;
  private final ScheduledExecutorService timers;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Task> tasks = new ArrayList<>();
  private boolean closed;

  public TaskManager(String id, int numSlots) {
    if (numSlots < 1) {
      throw new IllegalArgumentException("a TaskManager needs at least one slot, not " + numSlots);
    }
    this.id = id;
    this.numSlots = numSlots;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "weft-timers-" + id);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.timers = Executors.unconfigurableScheduledExecutorService(executor);
    LOG.info("TaskManager {} started with {} slots", id, numSlots);
  }

  public String id() {
    return id;
  }

  public int numSlots() {
    return numSlots;
  }

  /** The timer thread that tasks schedule their timers and flushes on. */
  public ScheduledExecutorService timers() {
    return timers;
  }

  /** Starts {@code task} in {@code slot}. */
  public synchronized void deploy(int slot, Task task) {
    if (closed) {
      throw new IllegalStateException("TaskManager " + id + " is shut down");
    }
    if (slot < 0 || slot >= numSlots) {
      throw new IllegalArgumentException("slot " + slot + " does not exist; TaskManager " + id + " has " + numSlots);
    }
    Thread t = new Thread(task, "weft-task " + task.name());
    t.setDaemon(true);
    threads.add(t);
    tasks.add(task);
    t.start();
  }

  public synchronized void cancelAll() {
    tasks.forEach(Task::cancel);
  }

  /**
   * Cancels {@code task}; if it has not ended {@code timeout} later, hands it to {@code onStuck}
   * (on the timer thread). A zero timeout watches nothing.
   */
  public void cancel(Task task, Duration timeout, Consumer<Task> onStuck) {
    task.cancel();
    if (!timeout.isZero()) {
      timers.schedule(() -> {
        if (!task.state().isTerminal()) {
          onStuck.accept(task);
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Cancels every task and waits, at most {@code millis} in all (0: for as long as it takes), until
   * their threads ended; the TaskManager stays open for new tasks (its JobManager was replaced).
   * Returns whether all ended.
   */
  public boolean cancelAllAndWait(long millis) throws InterruptedException {
    List<Thread> toJoin;
    synchronized (this) {
      tasks.forEach(Task::cancel);
      toJoin = new ArrayList<>(threads);
    }
    long deadline = System.nanoTime() + millis * 1_000_000;
    for (Thread t : toJoin) {
      if (millis == 0) {
        t.join();
      } else {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    }
    synchronized (this) {
      threads.removeIf(t -> !t.isAlive());
      tasks.removeIf(t -> t.state().isTerminal());
      return threads.isEmpty();
    }
  }

  /** Cancels what still runs and waits for every task thread to end. */
  @Override
  public void close() {
    List<Thread> toJoin;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      tasks.forEach(Task::cancel);
      toJoin = new ArrayList<>(threads);
    }
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(30_000);
        if (t.isAlive()) {
          LOG.warn("Task thread '{}' of TaskManager {} did not stop within 30 s", t.getName(), id);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    timers.shutdownNow();
    LOG.info("TaskManager {} shut down", id);
  }
}
