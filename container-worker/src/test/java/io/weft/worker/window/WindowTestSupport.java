package io.weft.worker.window;

import io.weft.api.datastream.DataStream;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.source.FromElementsSource;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.Window;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.worker.harness.OneInputOperatorHarness;
import io.weft.worker.operators.window.WindowOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds window operators through the public API (as a job does) and describes their output. */
public final class WindowTestSupport {
  private WindowTestSupport() {}

  /** A test element: a key and a value; its event time is given separately. */
  public record Event(String key, long value) {
    @Override
    public String toString() {
      return key + ":" + value;
    }
  }

  static Event e(String key, long value) {
    return new Event(key, value);
  }

  /**
   * A harness for the window operator that {@code build} puts after a stream of events, e.g.
   * {@code s -> s.keyBy(Event::key).window(...).reduce(...)}.
   */
  static <R> OneInputOperatorHarness<Event, R> harness(Function<DataStream<Event>, SingleOutputStreamOperator<R>> build)
      throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    DataStream<Event> events = env.fromSource(new FromElementsSource<>(List.<Event>of()), "events");
    SingleOutputStreamOperator<R> op = build.apply(events);
    OperatorSpec spec = ((OperatorTransformation<?>) op.getTransformation()).getSpec();
    OneInputOperatorHarness<Event, R> h = OneInputOperatorHarness.forSpec(spec);
    return h.open();
  }

  static Event sum(Event a, Event b) {
    return new Event(a.key(), a.value() + b.value());
  }

  /** The window's elements: "key [start,end) [values...]". */
  static final class ListValues extends ProcessWindowFunction<Event, String, String, TimeWindow> {
    @Override
    public void process(String key, Context ctx, Iterable<Event> elements, Collector<String> out) {
      List<Long> values = new ArrayList<>();
      elements.forEach(e -> values.add(e.value()));
      out.collect(key + " " + describe(ctx.window()) + " " + values);
    }
  }

  /** Counts elements; merges for sessions. */
  static final class CountEvents implements AggregateFunction<Event, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Event value, Long acc) {
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

  static String describe(Window w) {
    return w instanceof TimeWindow t ? "[" + t.getStart() + "," + t.getEnd() + ")" : w.toString();
  }

  /** Main output as "value@timestamp", in emission order. */
  static <R> List<String> emitted(OneInputOperatorHarness<Event, R> h) {
    List<String> out = new ArrayList<>();
    for (OneInputOperatorHarness.Emitted<R> r : h.outputRecords()) {
      out.add(r.value() + "@" + r.timestamp());
    }
    return out;
  }

  /** Emits and forgets what the harness recorded so far. */
  static <R> List<String> take(OneInputOperatorHarness<Event, R> h) {
    List<String> out = emitted(h);
    h.clearOutput();
    return out;
  }

  /** Sorted, for windows that fire at the same time (their order is not defined, as in Flink). */
  static <R> List<String> takeSorted(OneInputOperatorHarness<Event, R> h) {
    List<String> out = take(h);
    out.sort(null);
    return out;
  }

  static <R> int contentsEntries(OneInputOperatorHarness<Event, R> h) {
    return h.keyedState().numEntries(WindowOperator.CONTENTS_STATE);
  }

  static <R> int timers(OneInputOperatorHarness<Event, R> h) {
    return h.numEventTimeTimers() + h.numProcessingTimeTimers();
  }
}
