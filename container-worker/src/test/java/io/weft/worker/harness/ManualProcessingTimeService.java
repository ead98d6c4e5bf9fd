package io.weft.worker.harness;

import io.weft.worker.timers.ProcessingTimeService;
import java.util.PriorityQueue;

/**
 * A processing-time clock that only moves when a test moves it. Scheduled actions run
 * synchronously inside {@link #setCurrentTime}, in time order (ties in scheduling order), each
 * seeing the new time as {@link #now()}; actions they schedule run too if already due.
 */
public final class ManualProcessingTimeService implements ProcessingTimeService {
  private record Scheduled(long time, long seq, Runnable action) {}

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
      (a, b) -> a.time() != b.time() ? Long.compare(a.time(), b.time()) : Long.compare(a.seq(), b.seq()));
  private long now;
  private long seq;

  public ManualProcessingTimeService(long startTime) {
    this.now = startTime;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public void scheduleAt(long time, Runnable action) {
    queue.add(new Scheduled(time, seq++, action));
  }

  /** Moves the clock to {@code time} (never backwards) and runs every action due by then. */
  public void setCurrentTime(long time) {
    if (time < now) {
      throw new IllegalArgumentException("processing time cannot go back from " + now + " to " + time);
    }
    now = time;
    Scheduled s;
    while ((s = queue.peek()) != null && s.time() <= now) {
      queue.poll();
      s.action().run();
    }
  }

  /** Actions scheduled and not yet run. */
  public int numScheduled() {
    return queue.size();
  }
}
