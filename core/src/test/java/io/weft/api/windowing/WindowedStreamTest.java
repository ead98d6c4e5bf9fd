package io.weft.api.windowing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.functions.RichFunction;
import io.weft.api.functions.RuntimeContext;
import io.weft.api.source.FromElementsSource;
import io.weft.api.windowing.assigners.EventTimeSessionWindows;
import io.weft.api.windowing.assigners.GlobalWindows;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.api.windowing.functions.ProcessAllWindowFunction;
import io.weft.api.windowing.triggers.CountTrigger;
import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.triggers.TriggerResult;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.types.TypeInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the windowing API records in the plan, and the configurations it refuses (as Flink does). */
class WindowedStreamTest {

  static final class Count implements AggregateFunction<String, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(String value, Long acc) {
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

  /** A trigger that cannot merge windows. */
  static final class NonMerging extends Trigger<Object, TimeWindow> {
    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {}
  }

  private static DataStream<String> strings(StreamEnvironment env) {
    return env.fromSource(new FromElementsSource<>(List.of("a")), "strings")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<String>forMonotonousTimestamps()
            .withTimestampAssigner((s, ts) -> 0L));
  }

  private static OperatorSpec.WindowSpec<?, ?, ?> specOf(SingleOutputStreamOperator<?> op) {
    return (OperatorSpec.WindowSpec<?, ?, ?>) ((OperatorTransformation<?>) op.getTransformation()).getSpec();
  }

  @Test
  void windowRecordsAWindowSpecWithTheAssignersDefaultTrigger() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    OutputTag<String> late = new OutputTag<>("late");
    SingleOutputStreamOperator<Long> counts = strings(env).keyBy(s -> s)
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .allowedLateness(Duration.ofMillis(250))
        .sideOutputLateData(late)
        .aggregate(new Count());
    OperatorSpec.WindowSpec<?, ?, ?> spec = specOf(counts);
    assertTrue(spec.isKeyed());
    assertInstanceOf(TumblingEventTimeWindows.class, spec.assigner());
    assertInstanceOf(EventTimeTrigger.class, spec.trigger());
    assertEquals(250, spec.allowedLateness());
    assertSame(late, spec.lateDataTag());
    assertInstanceOf(Count.class, spec.aggregateFunction());
    assertNull(spec.reduceFunction());
    assertInstanceOf(PassThroughWindowFunction.class, spec.windowFunction());
    assertInstanceOf(Count.class, spec.userObject());
    assertEquals(TypeInfo.of(Long.class), counts.getType(), "the aggregate's result type");
    assertTrue(counts.getTransformation().getName().startsWith("Window(TumblingEventTimeWindows(1000)"),
        counts.getTransformation().getName());
  }

  @Test
  void triggerReplacesTheDefault() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    SingleOutputStreamOperator<String> out = strings(env).keyBy(s -> s)
        .window(GlobalWindows.create())
        .trigger(CountTrigger.of(3))
        .reduce((a, b) -> a + b);
    assertInstanceOf(CountTrigger.class, specOf(out).trigger());
    assertInstanceOf(ReduceFunction.class, specOf(out).reduceFunction());
  }

  @Test
  void mergingAssignersNeedMergingTriggers() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    var sessions = strings(env).keyBy(s -> s).window(EventTimeSessionWindows.withGap(Duration.ofSeconds(1)));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> sessions.trigger(new NonMerging()));
    assertTrue(e.getMessage().contains("merging"), e.getMessage());
    sessions.trigger(CountTrigger.of(2)); // can merge
  }

  @Test
  void richIncrementalFunctionsAndNegativeLatenessAreRefused() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    var windowed = strings(env).keyBy(s -> s).window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
    abstract class RichReduce implements ReduceFunction<String>, RichFunction {}
    RichReduce rich = new RichReduce() {
      @Override
      public String reduce(String a, String b) {
        return a + b;
      }

      @Override
      public void open(RuntimeContext context) {}

      @Override
      public void close() {}
    };
    assertThrows(UnsupportedOperationException.class, () -> windowed.reduce(rich));
    assertThrows(IllegalArgumentException.class, () -> windowed.allowedLateness(Duration.ofMillis(-1)));
  }

  @Test
  void windowAllRunsWithParallelismOneOnAConstantKey() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(4);
    SingleOutputStreamOperator<String> all = strings(env)
        .windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .process(new ProcessAllWindowFunction<String, String, TimeWindow>() {
          @Override
          public void process(Context context, Iterable<String> elements, Collector<String> out) {
            out.collect(context.window().toString());
          }
        });
    assertEquals(1, all.getParallelism());
    assertTrue(all.getTransformation().getName().startsWith("WindowAll("), all.getTransformation().getName());
    assertEquals(TypeInfo.of(String.class), all.getType(), "read from the ProcessAllWindowFunction");
    OperatorSpec.WindowSpec<?, ?, ?> spec = specOf(all);
    assertInstanceOf(AllWindowFunctionAdapter.class, spec.windowFunction());
    all.print();
    env.buildJobGraph("plan only"); // the keyed check of the plan accepts it
  }
}
