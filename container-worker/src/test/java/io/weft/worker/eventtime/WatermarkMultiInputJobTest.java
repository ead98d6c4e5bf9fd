package io.weft.worker.eventtime;

import io.weft.core.types.TypeInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkGenerator;
import io.weft.api.eventtime.WatermarkOutput;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.SinkWriter;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import io.weft.worker.harness.TestThreads;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task's watermark over two input channels, in real local jobs: sources A and B (one subtask
 * each) feed one probe task that records the watermark it sees at each element. Each source
 * follows a script of elements; an element can carry a punctuated watermark, IDLE or ACTIVE, and
 * can wait until the probe has seen another element (or a source has finished). That makes the
 * interleaving of the two channels, and so the expected watermark at each element, exact.
 *
 * <p>Expected values from Flink's StatusWatermarkValve semantics: the minimum over active
 * channels; an idle channel is left out; a channel active again is left out until its watermark
 * catches up with the task's; with all channels idle the highest channel watermark is passed on;
 * a finished channel (it sent Long.MAX_VALUE) no longer holds anything back.
 */
@Timeout(60)
public class WatermarkMultiInputJobTest {
  private static final long MIN = Long.MIN_VALUE;
  /** "seen:<element>" -> the watermark the probe saw at it; "closed:<source>" once a source ended. */
  static final Map<String, Long> MARKS = new ConcurrentHashMap<>();

  /** One element of a script: an action for the watermark generator, and an optional wait. */
  public record Step(String name, String action, String waitFor) implements Serializable {}

  static Step step(String name, String action) {
    return new Step(name, action, null);
  }

  static Step step(String name, String action, String waitFor) {
    return new Step(name, action, waitFor);
  }

  /**
   * Emits its steps in order; a step waits until its marks ("m1&m2") exist. Records
   * "closed:<name>" when done.
   */
  static final class ScriptedSource implements Source<Step> {
    private final String name;
    private final ArrayList<Step> steps;

    ScriptedSource(String name, List<Step> steps) {
      this.name = name;
      this.steps = new ArrayList<>(steps);
    }

    @Override
    public boolean isBounded() {
      return true;
    }

    @Override
    public SourceReader<Step> createReader(SubtaskInfo context) {
      return new SourceReader<>() {
        private int next;

        @Override
        public InputStatus pollNext(ReaderOutput<Step> output) {
          if (next == steps.size()) {
            return InputStatus.END_OF_INPUT;
          }
          Step s = steps.get(next);
          if (s.waitFor() != null) {
            for (String mark : s.waitFor().split("&")) {
              if (!MARKS.containsKey(mark)) {
                return InputStatus.NOTHING_AVAILABLE;
              }
            }
          }
          output.collect(s, 0);
          next++;
          return next == steps.size() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public void close() {
          // The task closes its reader after it sent end-of-partition, so all A's events are on the channel.
          MARKS.put("closed:" + name, 0L);
        }
      };
    }
  }

  /** Does what the step says: "wm:N", "idle" or "active". */
  static final class ScriptedWatermarks implements WatermarkGenerator<Step> {
    @Override
    public void onEvent(Step s, long timestamp, WatermarkOutput output) {
      if (s.action().startsWith("wm:")) {
        output.emitWatermark(Long.parseLong(s.action().substring(3)));
      } else if (s.action().equals("idle")) {
        output.markIdle();
      } else if (s.action().equals("active")) {
        output.markActive();
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  static final class Probe extends KeyedProcessFunction<Integer, Step, String> {
    @Override
    public void processElement(Step s, Context<Integer> ctx, Collector<String> out) {
      MARKS.put("seen:" + s.name(), ctx.timerService().currentWatermark());
    }
  }

  @BeforeEach
  void reset() {
    MARKS.clear();
  }

  private static DataStream<Step> scripted(StreamEnvironment env, String name, List<Step> steps) {
    return env.fromSource(new ScriptedSource(name, steps), name, TypeInfo.of(Step.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(ctx -> new ScriptedWatermarks()));
  }

  /**
   * Runs A and B into the probe; returns element -> watermark seen there. Each source stays open
   * until the probe saw the other's last element (a finished source would turn its channel's
   * watermark to Long.MAX_VALUE), unless {@code holdOpen} is false.
   */
  private static Map<String, Long> run(List<Step> a, List<Step> b, boolean holdOpen) throws Exception {
    List<Step> scriptA = new ArrayList<>(a);
    List<Step> scriptB = new ArrayList<>(b);
    if (holdOpen) {
      scriptA.add(step("A.end", "", "seen:" + b.get(b.size() - 1).name()));
      scriptB.add(step("B.end", "", "seen:" + a.get(a.size() - 1).name()));
    }
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    scripted(env, "A", scriptA).union(scripted(env, "B", scriptB))
        .keyBy(s -> 0)
        .process(new Probe())
        .sinkTo(context -> (SinkWriter<String>) (value, timestamp) -> {});
    env.execute("two inputs");
    Map<String, Long> seen = new TreeMap<>();
    MARKS.forEach((k, v) -> {
      if (k.startsWith("seen:") && !k.endsWith(".end")) {
        seen.put(k.substring(5), v);
      }
    });
    TestThreads.assertNoRuntimeThreadsRemain();
    return seen;
  }

  private static Map<String, Long> run(List<Step> a, List<Step> b) throws Exception {
    return run(a, b, true);
  }

  private static Map<String, Long> expect(Object... nameAndWatermark) {
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < nameAndWatermark.length; i += 2) {
      m.put((String) nameAndWatermark[i], (Long) nameAndWatermark[i + 1]);
    }
    return m;
  }

  /**
   * A sends 5000 while B has none: the task stays at MIN. B sends 3000: min(5000, 3000) = 3000.
   * A sends 6000: still min = 3000. B sends 7000: min(6000, 7000) = 6000. An element's own
   * watermark follows it, so it sees the previous value.
   */
  @Test
  void theTaskWatermarkIsTheMinimumOverItsChannels() throws Exception {
    Map<String, Long> seen = run(
        List.of(step("a1", "wm:5000"), step("a2", ""),
            step("a3", "wm:6000", "seen:b2"), step("a4", "")),
        List.of(step("b1", "wm:3000", "seen:a2"), step("b2", ""),
            step("b3", "wm:7000", "seen:a4"), step("b4", "")));
    assertEquals(expect("a1", MIN, "a2", MIN, "b1", MIN, "b2", 3000L, "a3", 3000L, "a4", 3000L,
        "b3", 3000L, "b4", 6000L), seen);
  }

  /**
   * A at 5000 and B idle: B is left out, 5000. B active again at 4000 (behind the task's 5000):
   * left out until it catches up, so A's 8000 alone moves the task to 8000 (taking B's 4000 would
   * keep it at 5000). B at 9000 has caught up: min(8000, 9000) = 8000; A at 10000: min = 9000.
   */
  @Test
  void idleChannelsAreLeftOutAndRejoinOnceCaughtUp() throws Exception {
    Map<String, Long> seen = run(
        List.of(step("a1", "wm:5000"), step("a2", ""),
            step("a3", "wm:8000", "seen:b4"), step("a4", ""),
            step("a5", "wm:10000", "seen:b6"), step("a6", "")),
        List.of(step("b1", "idle", "seen:a2"), step("b2", ""),
            step("b3", "wm:4000"), step("b4", ""),
            step("b5", "wm:9000", "seen:a4"), step("b6", "")));
    assertEquals(expect("a1", MIN, "a2", MIN, "b1", MIN, "b2", 5000L, "b3", 5000L, "b4", 5000L,
        "a3", 5000L, "a4", 8000L, "b5", 8000L, "b6", 8000L, "a5", 8000L, "a6", 9000L), seen);
  }

  /**
   * A 5000, B 3000: 3000. A idle: B alone, 3000. B idle too: every channel idle, so the highest
   * (5000) passes. A active again at 5000 (caught up): 5000; A 6000 with B still idle: 6000.
   */
  @Test
  void whenEveryChannelIsIdleTheHighestWatermarkPasses() throws Exception {
    Map<String, Long> seen = run(
        List.of(step("a1", "wm:5000"), step("a2", ""),
            step("a3", "idle", "seen:b2"), step("a4", ""),
            step("a5", "active", "seen:b4"), step("a6", ""),
            step("a7", "wm:6000"), step("a8", "")),
        List.of(step("b1", "wm:3000", "seen:a2"), step("b2", ""),
            step("b3", "idle", "seen:a4"), step("b4", "")));
    assertEquals(expect("a1", MIN, "a2", MIN, "b1", MIN, "b2", 3000L, "a3", 3000L, "a4", 3000L,
        "b3", 3000L, "b4", 5000L, "a5", 5000L, "a6", 5000L, "a7", 5000L, "a8", 6000L), seen);
  }

  /**
   * A ends after 5000 (its last watermark is Long.MAX_VALUE), while B has none yet: MIN. B's 3000
   * is then the minimum. Then B idle: only the finished channel is left, and it holds nothing
   * back: Long.MAX_VALUE. (B starts once A's elements were seen and A has sent its end, so A's
   * last two events are read before B's fourth, the input gate taking channels in turn.)
   */
  @Test
  void aFinishedChannelHoldsNothingBack() throws Exception {
    Map<String, Long> seen = run(
        List.of(step("a1", "wm:5000"), step("a2", "")),
        List.of(step("b1", "wm:3000", "seen:a2&closed:A"), step("b2", ""),
            step("b3", "idle"), step("b4", "")), false);
    assertEquals(expect("a1", MIN, "a2", MIN, "b1", MIN, "b2", 3000L, "b3", 3000L,
        "b4", Long.MAX_VALUE), seen);
  }
}
