package io.weft.worker.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.TimeWindowSerializer;
import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timers written per key group and read back by the subtasks of another parallelism. */
class TimerSnapshotTest {
  private static final int MAX_PARALLELISM = 128;
  private static final TypeSerializer<Long> KEYS = TypeInfo.of(Long.class).createSerializer();
  @SuppressWarnings("unchecked")
  private static final TypeSerializer<Object> WINDOWS = (TypeSerializer<Object>) (TypeSerializer<?>)
      TimeWindowSerializer.INSTANCE;

  @TempDir
  Path dir;

  /** A clock the test sets, which keeps what was scheduled instead of running it. */
  static final class Clock implements ProcessingTimeService {
    long now;
    final List<Long> scheduledAt = new ArrayList<>();
    final List<Runnable> actions = new ArrayList<>();

    @Override
    public long now() {
      return now;
    }

    @Override
    public void scheduleAt(long time, Runnable action) {
      scheduledAt.add(time);
      actions.add(action);
    }
  }

  /** Records fired timers as "key@time". */
  static final class Fired implements TimerCallback<Long> {
    final List<String> event = new ArrayList<>();
    final List<String> processing = new ArrayList<>();

    @Override
    public void onEventTime(Long key, Object namespace, long timestamp) {
      event.add(key + "@" + timestamp + " " + namespace);
    }

    @Override
    public void onProcessingTime(Long key, Object namespace, long timestamp) {
      processing.add(key + "@" + timestamp);
    }
  }

  @Test
  void timersGoWithTheirKeyGroupsAndDueProcessingTimersFireAtOnce() throws Exception {
    Clock clock = new Clock();
    clock.now = 1_000;
    TimerService<Long> timers = new TimerService<>(clock, k -> {}, new Fired());
    for (long key = 0; key < 100; key++) {
      timers.registerEventTimeTimer(key, new TimeWindow(0, 100 + key), 99 + key);
      timers.registerProcessingTimeTimer(key, new TimeWindow(0, 1), 1_500 + key);
    }
    timers.advanceWatermark(50); // fires nothing: the first timer is at 99
    CheckpointStorage storage = CheckpointStorage.forUri(dir.toUri().toString(),
        new org.apache.hadoop.conf.Configuration());
    KeyedStateHandle handle = TimerSnapshot.upload(timers.copyTimers(), 7, storage,
        KeyGroupRange.forSubtask(0, 1, MAX_PARALLELISM), MAX_PARALLELISM, KEYS, WINDOWS).upload();

    int eventTimers = 0;
    List<String> processingFired = new ArrayList<>();
    for (int subtask = 0; subtask < 3; subtask++) {
      KeyGroupRange range = KeyGroupRange.forSubtask(subtask, 3, MAX_PARALLELISM);
      Clock later = new Clock();
      later.now = 10_000; // every processing-time timer is due
      Fired fired = new Fired();
      TimerService<Long> restored = new TimerService<>(later, k -> {}, fired);
      TimerSnapshot.Restored<Long> r = TimerSnapshot.read(List.of(handle), range, KEYS, WINDOWS,
          new org.apache.hadoop.conf.Configuration());
      restored.restore(r.watermark(), r.event(), r.processing());
      assertEquals(50, restored.currentWatermark());
      for (TimerService.Timer<Long> t : r.event()) {
        assertTrue(range.contains(KeyGroups.keyGroupFor(t.key(), MAX_PARALLELISM)), t + " belongs to " + range);
      }
      eventTimers += restored.numEventTimeTimers();
      // Due timers were scheduled for a time already past: the mailbox runs them at once.
      if (restored.numProcessingTimeTimers() > 0) {
        assertTrue(later.scheduledAt.get(0) <= later.now, "scheduled at " + later.scheduledAt);
        later.actions.get(0).run();
        assertEquals(0, restored.numProcessingTimeTimers());
      }
      processingFired.addAll(fired.processing);
      // The replayed input's lower watermarks do not take event time back.
      restored.advanceWatermark(10);
      assertEquals(50, restored.currentWatermark());
      restored.advanceWatermark(Long.MAX_VALUE);
      assertEquals(restored.numEventTimeTimers(), 0);
      assertEquals(fired.event.size(), r.event().size());
    }
    assertEquals(100, eventTimers);
    assertEquals(100, processingFired.size());
  }
}
