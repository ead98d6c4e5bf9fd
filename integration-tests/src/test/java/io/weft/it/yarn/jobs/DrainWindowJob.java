package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import io.weft.api.tuple.Tuple3;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * Numbers 0..{@value #COUNT}-1 at event time {@value #BASE_TIMESTAMP} + 10 ms each (ten one-second
 * windows), then nothing, forever: the watermark stops at the last timestamp minus one, so the last
 * window never fires on its own. Sums per key (v mod 2) and window, "key TAB window TAB sum", through
 * the exactly-once file sink (committed by the final savepoint of a stop). Argument: the output directory.
 */
public final class DrainWindowJob {
  public static final int COUNT = 1000;
  public static final long BASE_TIMESTAMP = 1_700_000_000_000L;

  private DrainWindowJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new HoldingNumbers(), "Numbers", TypeInfo.of(Long.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
            .withTimestampAssigner((v, ts) -> ts))
        .map(v -> Tuple3.of(v % 2, v / 100, v)).returns(new TypeHint<Tuple3<Long, Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce((a, b) -> Tuple3.of(a.f0, a.f1, a.f2 + b.f2)).name("WindowSums")
        .map(t -> t.f0 + "\t" + t.f1 + "\t" + t.f2).returns(String.class)
        .writeAsTextExactlyOnce(args[0]);
    env.execute("Drain windows");
  }

  /** {@value #COUNT} numbers, then nothing, forever. */
  static final class HoldingNumbers implements Source<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBounded() {
      return false;
    }

    @Override
    public SourceReader<Long> createReader(SubtaskInfo context) {
      return new SourceReader<>() {
        private long next;

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
          for (int i = 0; i < 100 && next < COUNT; i++, next++) {
            output.collect(next, BASE_TIMESTAMP + next * 10);
          }
          return next < COUNT ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
        }
      };
    }
  }
}
