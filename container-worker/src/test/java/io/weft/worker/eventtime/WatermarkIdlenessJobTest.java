package io.weft.worker.eventtime;

import io.weft.testing.Await;
import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.JobClient;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.GeneratorSource;
import io.weft.api.source.InputStatus;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.worker.harness.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * withIdleness in a real local job: two unbounded sources feed event-time windows; one produces
 * nothing at all. Without idleness its watermark (none) would hold the windows back forever;
 * marked idle after 100 ms without data, it is left out, and the windows fire from the other
 * source's watermarks while the job runs.
 */
@Timeout(300) // a hang guard: the waits inside allow a loaded machine up to Await.DEFAULT each
class WatermarkIdlenessJobTest {
  static final List<String> RESULTS = Collections.synchronizedList(new ArrayList<>());

  /** An unbounded source without data: never emits, never ends. */
  static final class SilentSource implements Source<Long> {
    @Override
    public boolean isBounded() {
      return false;
    }

    @Override
    public SourceReader<Long> createReader(SubtaskInfo context) {
      return output -> InputStatus.NOTHING_AVAILABLE;
    }
  }

  static final class CountLongs implements AggregateFunction<Long, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Long value, Long acc) {
      return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  static final class Describe extends ProcessWindowFunction<Long, String, Long, TimeWindow> {
    @Override
    public void process(Long key, Context ctx, Iterable<Long> counts, Collector<String> out) {
      out.collect(key + "@" + ctx.window().getStart() + "=" + counts.iterator().next());
    }
  }

  static final class ResultSink implements Sink<String> {
    @Override
    public SinkWriter<String> createWriter(SubtaskInfo context) {
      return (value, timestamp) -> RESULTS.add(value);
    }
  }

  private static boolean fired(String result) {
    synchronized (RESULTS) {
      return RESULTS.contains(result);
    }
  }

  /**
   * Value v has event time 10 v ms, so [0,1000) holds v = 0..99 and [1000,2000) v = 100..199: 50
   * per key (v % 2) and window. The active source's timestamps increase, so nothing is late and
   * every window that fires is complete.
   */
  @Test
  void anIdleSourceDoesNotHoldBackEventTime() throws Exception {
    RESULTS.clear();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    DataStream<Long> active = env.fromSource(new GeneratorSource<>(i -> i, Long.MAX_VALUE, 2_000), "active", Types.LONG)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
            .withTimestampAssigner((v, ts) -> v * 10));
    DataStream<Long> silent = env.fromSource(new SilentSource(), "silent")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
            .withIdleness(Duration.ofMillis(100)));
    active.union(silent)
        .keyBy(v -> v % 2)
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .aggregate(new CountLongs(), new Describe())
        .sinkTo(new ResultSink());
    JobClient client = env.executeAsync("idle source");
    try {
      Await.until("the windows [1000,2000) fired", Await.DEFAULT,
          () -> fired("0@1000=50") && fired("1@1000=50") || client.getJobStatus().isTerminal());
    } finally {
      client.cancel();
    }
    List<String> results;
    synchronized (RESULTS) {
      results = new ArrayList<>(RESULTS);
    }
    assertTrue(results.containsAll(List.of("0@0=50", "1@0=50", "0@1000=50", "1@1000=50")), results.toString());
    for (String r : results) {
      assertEquals("50", r.substring(r.indexOf('=') + 1), "every fired window is complete: " + r);
    }
    TestThreads.assertNoRuntimeThreadsRemain();
  }
}
