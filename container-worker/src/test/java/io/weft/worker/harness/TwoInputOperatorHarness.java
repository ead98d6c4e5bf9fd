package io.weft.worker.harness;

import io.weft.api.datastream.OutputTag;
import io.weft.core.config.Configuration;
import io.weft.core.plan.KeyGroups;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.TypeInfo;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.harness.OneInputOperatorHarness.SideEmitted;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.Operators;
import io.weft.worker.operators.Output;
import io.weft.worker.operators.TwoInputStreamOperator;
import io.weft.worker.timers.TimerService;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link TwoInputStreamOperator} without a task, as {@link OneInputOperatorHarness} does
 * for one input. Watermarks are given per input, as a task sees them: the operator gets the
 * smaller of both inputs' latest watermarks whenever that minimum advances (an input that has
 * none yet holds event time at Long.MIN_VALUE, as in a task).
 */
public final class TwoInputOperatorHarness<IN1, IN2, OUT> implements AutoCloseable {
  private final TwoInputStreamOperator<IN1, IN2, OUT> operator;
  private final ManualProcessingTimeService clock = new ManualProcessingTimeService(0);
  private final List<Object> events = new ArrayList<>();
  private String operatorName = "test-operator";
  private int subtaskIndex = 0;
  private int parallelism = 1;
  private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
  private Configuration configuration = new Configuration();
  private TypeInfo<?> inputType1;
  private TypeInfo<?> inputType2;
  private long watermark1 = Long.MIN_VALUE;
  private long watermark2 = Long.MIN_VALUE;
  private long combined = Long.MIN_VALUE;
  private boolean opened;
  private boolean closed;

  public TwoInputOperatorHarness(TwoInputStreamOperator<IN1, IN2, OUT> operator) {
    this.operator = operator;
  }

  /** A harness for the operator the runtime would create for {@code spec}. */
  @SuppressWarnings("unchecked")
  public static <IN1, IN2, OUT> TwoInputOperatorHarness<IN1, IN2, OUT> forSpec(OperatorSpec spec) {
    return new TwoInputOperatorHarness<>((TwoInputStreamOperator<IN1, IN2, OUT>) Operators.create(spec));
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withParallelism(int parallelism, int subtaskIndex) {
    checkNotOpen();
    this.parallelism = parallelism;
    this.subtaskIndex = subtaskIndex;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withMaxParallelism(int maxParallelism) {
    checkNotOpen();
    this.maxParallelism = maxParallelism;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withConfiguration(Configuration configuration) {
    checkNotOpen();
    this.configuration = new Configuration(configuration);
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withOperatorName(String operatorName) {
    checkNotOpen();
    this.operatorName = operatorName;
    return this;
  }

  /** The element types of both inputs, for operators that keep elements in state. */
  public TwoInputOperatorHarness<IN1, IN2, OUT> withInputTypes(TypeInfo<IN1> first, TypeInfo<IN2> second) {
    checkNotOpen();
    this.inputType1 = first;
    this.inputType2 = second;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withInitialProcessingTime(long time) {
    checkNotOpen();
    clock.setCurrentTime(time);
    return this;
  }

  private void checkNotOpen() {
    if (opened) {
      throw new IllegalStateException("settings must be made before open()");
    }
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> open() throws Exception {
    checkNotOpen();
    OperatorContext context = new OperatorContext("test-job", operatorName,
        operatorName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")", subtaskIndex, parallelism,
        maxParallelism, configuration, RuntimeMode.STREAMING, clock, null, inputType1,
        io.weft.worker.operators.OperatorRestore.NONE, 0,
        io.weft.worker.memory.TaskManagerResources.of(configuration).slotBudget());
    context.setSecondInputType(inputType2);
    operator.setup(context, new RecordingOutput());
    opened = true;
    operator.open();
    return this;
  }

  public void processElement1(IN1 value) throws Exception {
    processElement1(value, StreamRecord.NO_TIMESTAMP);
  }

  public void processElement1(IN1 value, long timestamp) throws Exception {
    checkOpen();
    operator.processElement1(new StreamRecord<>(value, timestamp));
  }

  public void processElement2(IN2 value) throws Exception {
    processElement2(value, StreamRecord.NO_TIMESTAMP);
  }

  public void processElement2(IN2 value, long timestamp) throws Exception {
    checkOpen();
    operator.processElement2(new StreamRecord<>(value, timestamp));
  }

  /** Input 1's watermark; the operator sees the smaller of both inputs' once it advances. */
  public void processWatermark1(long watermark) throws Exception {
    checkOpen();
    watermark1 = Math.max(watermark1, watermark);
    advance();
  }

  public void processWatermark2(long watermark) throws Exception {
    checkOpen();
    watermark2 = Math.max(watermark2, watermark);
    advance();
  }

  /** Both inputs' watermark at once. */
  public void processBothWatermarks(long watermark) throws Exception {
    checkOpen();
    watermark1 = Math.max(watermark1, watermark);
    watermark2 = Math.max(watermark2, watermark);
    advance();
  }

  private void advance() throws Exception {
    long min = Math.min(watermark1, watermark2);
    if (min > combined) {
      combined = min;
      operator.processWatermark(min);
    }
  }

  public void setProcessingTime(long time) {
    checkOpen();
    clock.setCurrentTime(time);
  }

  /** Both inputs have ended: calls the operator's finish(). */
  public void endInputs() throws Exception {
    checkOpen();
    operator.finish();
  }

  @Override
  public void close() throws Exception {
    if (opened && !closed) {
      closed = true;
      operator.close();
    }
  }

  private void checkOpen() {
    if (!opened || closed) {
      throw new IllegalStateException(opened ? "the operator is closed" : "call open() first");
    }
  }

  public TwoInputStreamOperator<IN1, IN2, OUT> operator() {
    return operator;
  }

  @SuppressWarnings("unchecked")
  public List<OUT> output() {
    List<OUT> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Emitted<?> r) {
        out.add((OUT) r.value());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public List<Emitted<OUT>> outputRecords() {
    List<Emitted<OUT>> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Emitted<?> r) {
        out.add((Emitted<OUT>) r);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public <X> List<SideEmitted<X>> sideOutputRecords(OutputTag<X> tag) {
    List<SideEmitted<X>> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof SideEmitted<?> r && r.tag().equals(tag)) {
        out.add((SideEmitted<X>) r);
      }
    }
    return out;
  }

  public <X> List<X> sideOutput(OutputTag<X> tag) {
    List<X> out = new ArrayList<>();
    sideOutputRecords(tag).forEach(r -> out.add(r.value()));
    return out;
  }

  /** The watermarks the operator emitted, in order. */
  public List<Long> watermarks() {
    List<Long> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Watermark w) {
        out.add(w.timestamp());
      }
    }
    return out;
  }

  /** Everything emitted, in order: {@link Emitted}, {@link SideEmitted}, {@link Watermark}, statuses. */
  public List<Object> events() {
    return events;
  }

  public void clearOutput() {
    events.clear();
  }

  /** The operator's timers, for keyed operators that expose {@code timers()}. */
  @SuppressWarnings("unchecked")
  public <K> TimerService<K> timers() {
    return (TimerService<K>) call("timers");
  }

  public int numEventTimeTimers() {
    return timers().numEventTimeTimers();
  }

  public int numProcessingTimeTimers() {
    return timers().numProcessingTimeTimers();
  }

  /** The operator's keyed state, for keyed operators that expose {@code keyedState()}. */
  @SuppressWarnings("unchecked")
  public <K> KeyedStateBackend<K> keyedState() {
    return (KeyedStateBackend<K>) call("keyedState");
  }

  /** Reads {@code key}'s value of a ValueState; the operator's current key is left as it was. */
  public <K, T> T valueState(K key, ValueStateDescriptor<T> descriptor) throws Exception {
    KeyedStateBackend<K> backend = keyedState();
    K previous = backend.getCurrentKey();
    backend.setCurrentKey(key);
    try {
      return backend.getValueState(descriptor).value();
    } finally {
      if (previous != null) {
        backend.setCurrentKey(previous);
      }
    }
  }

  private Object call(String accessor) {
    checkOpen();
    try {
      Method m = operator.getClass().getMethod(accessor);
      Object result = m.invoke(operator);
      if (result == null) {
        throw new IllegalStateException(operator.getClass().getSimpleName() + "." + accessor + "() returned null");
      }
      return result;
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException(operator.getClass().getSimpleName() + " has no public " + accessor
          + "() method; only keyed operators that expose it can be inspected", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private final class RecordingOutput implements Output<OUT> {
    @Override
    public void collect(StreamRecord<OUT> record) {
      events.add(new Emitted<>(record.getValue(), record.getTimestamp()));
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
      events.add(new SideEmitted<>(tag, record.getValue(), record.getTimestamp()));
    }

    @Override
    public void emitWatermark(long watermark) {
      events.add(new Watermark(watermark));
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) {
      events.add(status);
    }
  }
}
