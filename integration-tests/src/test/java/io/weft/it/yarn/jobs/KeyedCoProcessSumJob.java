package io.weft.it.yarn.jobs;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.tuple.Tuple2;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * A keyed co-process across TaskManagers: input 1 is 0..{@value #COUNT}-1 as (v mod 10, v), input
 * 2 one (k, 1000000) per key k; per key the sum of both, emitted by an event-time timer at the end
 * of input as "key TAB sum" lines into the directory {@code args[0]}.
 */
public final class KeyedCoProcessSumJob {
  public static final long COUNT = 100_000;

  private KeyedCoProcessSumJob() {}

  /** Adds both inputs' values into the key's sum; emits it when event time ends. */
  public static final class SumBoth
      extends KeyedCoProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>, String> {
    private transient ValueState<Long> sum;

    @Override
    public void open() {
      sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
    }

    private void add(long v, Context<Long> ctx) throws Exception {
      sum.update((sum.value() == null ? 0 : sum.value()) + v);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }

    @Override
    public void processElement1(Tuple2<Long, Long> value, Context<Long> ctx, Collector<String> out) throws Exception {
      add(value.f1, ctx);
    }

    @Override
    public void processElement2(Tuple2<Long, Long> value, Context<Long> ctx, Collector<String> out) throws Exception {
      add(value.f1, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<Long> ctx, Collector<String> out) throws Exception {
      out.collect(ctx.getCurrentKey() + "\t" + sum.value());
    }
  }

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    TypeHint<Tuple2<Long, Long>> pair = new TypeHint<>() {};
    DataStream<Tuple2<Long, Long>> numbers = env.fromSource(new GeneratorSource<>(i -> i, COUNT), "numbers",
        TypeInfo.of(Long.class)).map(v -> Tuple2.of(v % 10, v)).returns(pair);
    DataStream<Tuple2<Long, Long>> extras = env.fromSource(new GeneratorSource<>(i -> i, 10), "extras",
        TypeInfo.of(Long.class)).map(k -> Tuple2.of(k, 1_000_000L)).returns(pair);
    numbers.connect(extras).keyBy(t -> t.f0, t -> t.f0, TypeInfo.of(Long.class))
        .process(new SumBoth()).returns(String.class).name("SumBoth")
        .writeAsText(args[0]);
    env.execute("Keyed co-process sums");
  }
}
