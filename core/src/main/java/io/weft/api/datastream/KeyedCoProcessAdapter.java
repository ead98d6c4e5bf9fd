package io.weft.api.datastream;

import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction.TimeDomain;
import io.weft.api.functions.RuntimeContext;
import io.weft.api.functions.TimerService;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;

/**
 * Runs a {@link CoProcessFunction} on two keyed inputs as a {@link KeyedCoProcessFunction}, so it
 * gets keyed state and timers as Flink gives it there. Its life cycle is the wrapped function's.
 */
final class KeyedCoProcessAdapter<K, I1, I2, O> extends KeyedCoProcessFunction<K, I1, I2, O> {
  private static final long serialVersionUID = 1L;
  private final CoProcessFunction<I1, I2, O> function;

  KeyedCoProcessAdapter(CoProcessFunction<I1, I2, O> function) {
    this.function = function;
  }

  @Override
  public void open(RuntimeContext context) throws Exception {
    super.open(context);
    function.open(context);
  }

  @Override
  public void close() throws Exception {
    function.close();
  }

  @Override
  public void processElement1(I1 value, Context<K> ctx, Collector<O> out) throws Exception {
    function.processElement1(value, new Wrapped(ctx, null), out);
  }

  @Override
  public void processElement2(I2 value, Context<K> ctx, Collector<O> out) throws Exception {
    function.processElement2(value, new Wrapped(ctx, null), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext<K> ctx, Collector<O> out) throws Exception {
    function.onTimer(timestamp, new Wrapped(ctx, ctx.timeDomain()), out);
  }

  /** The keyed context seen as the plain one. */
  private final class Wrapped implements CoProcessFunction.OnTimerContext {
    private final Context<K> ctx;
    private final TimeDomain domain;

    Wrapped(Context<K> ctx, TimeDomain domain) {
      this.ctx = ctx;
      this.domain = domain;
    }

    @Override
    public Long timestamp() {
      return ctx.timestamp();
    }

    @Override
    public TimerService timerService() {
      return ctx.timerService();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      ctx.output(tag, value);
    }

    @Override
    public TimeDomain timeDomain() {
      if (domain == null) {
        throw new IllegalStateException("timeDomain() is only known while a timer fires");
      }
      return domain;
    }
  }
}
