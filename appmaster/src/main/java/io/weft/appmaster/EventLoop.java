package io.weft.appmaster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's one event thread and its timer. Every change of the job's state runs on the event
 * thread, so none of the JobManager's parts needs a lock; RPC, AMRM and NM callbacks and timers only
 * post to it.
 */
final class EventLoop {
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  private final ApplicationAttemptId attemptId;
  private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-jobmanager");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weft-jobmanager-timer");
    t.setDaemon(true);
    return t;
  });

  EventLoop(ApplicationAttemptId attemptId) {
    this.attemptId = attemptId;
  }

  /** Runs {@code action} on the event thread; dropped once the loop is closed. */
  void post(Runnable action) {
    try {
      events.execute(action);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] JobManager closed; dropping an event", attemptId);
    }
  }

  /** Runs {@code action} on the event thread after {@code delayMillis}. */
  void schedule(Runnable action, long delayMillis) {
    timer.schedule(() -> post(action), delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code action} on the event thread every {@code periodMillis}, the first time after one period. */
  void every(Runnable action, long periodMillis) {
    timer.scheduleWithFixedDelay(() -> post(action), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The timer, for the checkpoint coordinator's own schedule. */
  ScheduledExecutorService timer() {
    return timer;
  }

  void close() {
    timer.shutdownNow();
    events.shutdownNow();
  }
}
