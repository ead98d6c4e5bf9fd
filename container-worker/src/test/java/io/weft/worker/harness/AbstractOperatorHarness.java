package io.weft.worker.harness;

import io.weft.api.datastream.OutputTag;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.harness.OneInputOperatorHarness.Emitted;
import io.weft.worker.harness.OneInputOperatorHarness.SideEmitted;
import io.weft.worker.operators.Output;
import io.weft.worker.timers.TimerService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What both operator harnesses (one input, two inputs) share: the life-cycle checks, the recording
 * of everything the operator emits, and the look into a keyed operator's state and timers. Keyed
 * operators are reached through the public no-argument methods {@code keyedState()} (a
 * {@link KeyedStateBackend}) and {@code timers()} (a {@link TimerService}) that they expose.
 */
public abstract class AbstractOperatorHarness<OUT> implements AutoCloseable {
  /**
   * Everything the operator emitted, in order: {@link Emitted}, {@link SideEmitted}, {@link Watermark},
   * and {@link WatermarkStatus} (only operators that track idleness emit those).
   */
  private final List<Object> events = new ArrayList<>();
  protected boolean opened;
  protected boolean closed;

  /** The operator under test, for the keyed accessors. */
  protected abstract Object operatorUnderTest();

  protected final void checkNotOpen() {
    if (opened) {
      throw new IllegalStateException("settings must be made before open()");
    }
  }

  protected final void checkOpen() {
    if (!opened) {
      throw new IllegalStateException("call open() first");
    }
    if (closed) {
      throw new IllegalStateException("the operator is closed");
    }
  }

  /** The output to give the operator: it copies every emission out of the (reused) records. */
  protected final Output<OUT> recordingOutput() {
    return new RecordingOutput();
  }

  // ---- what the operator emitted ----

  /** The main-output values, in order. */
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

  /** The main-output values with their timestamps, in order. */
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

  /** The values emitted to side output {@code tag}, in order. */
  public <X> List<X> sideOutput(OutputTag<X> tag) {
    List<X> out = new ArrayList<>();
    for (SideEmitted<X> r : sideOutputRecords(tag)) {
      out.add(r.value());
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

  /** The watermarks the operator passed on, in order. */
  public List<Long> watermarks() {
    List<Long> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof Watermark w) {
        out.add(w.timestamp());
      }
    }
    return out;
  }

  /** The watermark statuses (idle/active) the operator emitted, in order. */
  public List<WatermarkStatus> watermarkStatuses() {
    List<WatermarkStatus> out = new ArrayList<>();
    for (Object e : events) {
      if (e instanceof WatermarkStatus s) {
        out.add(s);
      }
    }
    return out;
  }

  /** Every emitted {@link Emitted}, {@link SideEmitted}, {@link Watermark} and {@link WatermarkStatus}, in arrival order. */
  public List<Object> events() {
    return Collections.unmodifiableList(new ArrayList<>(events));
  }

  public void clearOutput() {
    events.clear();
  }

  // ---- keyed operators ----

  /** The operator's keyed state backend (of a keyed operator that exposes {@code keyedState()}). */
  @SuppressWarnings("unchecked")
  public <K> KeyedStateBackend<K> keyedState() {
    checkOpen();
    return (KeyedStateBackend<K>) call("keyedState");
  }

  /** The operator's timers (of a keyed operator that exposes {@code timers()}). */
  @SuppressWarnings("unchecked")
  public <K> TimerService<K> timers() {
    checkOpen();
    return (TimerService<K>) call("timers");
  }

  public int numEventTimeTimers() {
    return timers().numEventTimeTimers();
  }

  public int numProcessingTimeTimers() {
    return timers().numProcessingTimeTimers();
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
    Object operator = operatorUnderTest();
    Method m;
    try {
      m = operator.getClass().getMethod(accessor);
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException(operator.getClass().getSimpleName() + " has no public "
          + accessor + "() method; only keyed operators that expose it can be inspected", e);
    }
    try {
      Object result = m.invoke(operator);
      if (result == null) {
        throw new IllegalStateException(operator.getClass().getSimpleName() + "." + accessor
            + "() returned null (not opened, or not used in this runtime mode)");
      }
      return result;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
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
