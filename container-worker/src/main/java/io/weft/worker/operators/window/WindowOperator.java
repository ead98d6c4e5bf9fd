package io.weft.worker.operators.window;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeySelector;
import io.weft.api.windowing.assigners.MergingWindowAssigner;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.functions.ProcessWindowFunction;
import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.triggers.TriggerResult;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.Window;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.TypeExtractor;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.operators.AbstractStreamOperator;
import io.weft.worker.timers.TimerCallback;
import io.weft.worker.timers.TimerService;
import java.util.Collection;
import java.util.Collections;

/**
 * Flink's window operator: assigns each element to windows, keeps their contents in keyed state
 * (the window is the namespace), asks the trigger when to evaluate them, and drops them once
 * event time passes the window's end plus the allowed lateness.
 *
 * <p>Per element: windows whose cleanup time (maxTimestamp + allowed lateness, event time only)
 * is at or below the watermark are skipped; an element skipped for all its windows and itself
 * that late goes to the late side output, or is dropped. For every other window the element is
 * added, the trigger decides (FIRE evaluates, PURGE empties), and a cleanup timer is set at the
 * cleanup time. Session windows merge first: contents, trigger state and timers of the merged
 * windows move into the result (see {@link MergingWindowSet}). Results carry the window's
 * maxTimestamp() as timestamp.
 *
 * <p>Contents, trigger state and timers are written with the window serializer ({@link
 * WindowSerializers}) and the stream's element (or accumulator) type, so both backends can keep
 * them and checkpoints include them; timers go in the checkpoint per key group too.
 *
 * <p>A little over 450 lines: the sliced path ({@link WindowSlices}) shares the lateness, timer
 * and firing code here, which splitting would duplicate.
 */
public final class WindowOperator<K, IN, OUT, W extends Window> extends AbstractStreamOperator<IN, OUT>
    implements TimerCallback<K> {
  /** The keyed state holding window contents (namespace: the window). */
  public static final String CONTENTS_STATE = WindowContents.STATE_NAME;
  /** The keyed state holding slices of sliding windows, with execution.window-slicing ({@link WindowSlices}). */
  public static final String SLICES_STATE = WindowSlices.STATE_NAME;
  /** The keyed state holding each key's live session windows (merging assigners only). */
  public static final String MERGING_STATE = MergingWindowSet.STATE_NAME;

  private final KeySelector<IN, K> keySelector;
  private final WindowAssigner<? super IN, W> assigner;
  private final OperatorSpec.WindowSpec<K, IN, W> spec;
  private final long allowedLateness;
  private final OutputTag<IN> lateDataTag;
  private final ProcessWindowFunction<Object, OUT, K, W> windowFunction;
  private final WindowCollector collector = new WindowCollector();
  private final WindowAssigner.WindowAssignerContext assignerContext = this::currentProcessingTime;
  private KeyedStateBackend<K> state;
  private TimerService<K> timers;
  private WindowContents<IN> contents;
  private WindowTriggerContext<K, IN, W> trigger;
  private MergingWindowSet<W> mergingWindows;
  /** The trigger is the default {@link io.weft.api.windowing.triggers.EventTimeTrigger}: decided inline. */
  private boolean eventTimeTrigger;
  /** Non-null when sliding windows are kept as slices ({@link WindowSlices}); windows are TimeWindows then. */
  private WindowSlices slices;
  private ProcessWindowFunction<Object, OUT, K, W>.Context functionContext;
  private W firingWindow;
  private long lateRecordsDropped;

  @SuppressWarnings("unchecked")
  public WindowOperator(OperatorSpec.WindowSpec<K, IN, W> spec) {
    super(spec.windowFunction());
    this.spec = spec;
    this.keySelector = spec.keySelector();
    this.assigner = spec.assigner();
    this.allowedLateness = spec.allowedLateness();
    this.lateDataTag = spec.lateDataTag();
    this.windowFunction = (ProcessWindowFunction<Object, OUT, K, W>) spec.windowFunction();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    state = context.createKeyedStateBackend();
    TypeSerializer<?> windowSerializer = WindowSerializers.serializerOf(assigner);
    timers = context.createTimerService(state, windowSerializer, this);
    TypeSerializer<?> windows = windowSerializer != null ? windowSerializer : WindowSerializers.Unwritable.INSTANCE;
    if (spec.reduceFunction() != null) {
      TypeInfo<Object> type = checkedType((TypeInfo<Object>) context.inputType(), "its input elements",
          "declare it with .returns(...) on the operator before the window");
      contents = new ReducingWindowContents<>(state, windows, spec.reduceFunction(), type);
      slices = WindowSlices.of(spec, context.configuration(), state, windowSerializer, type);
    } else if (spec.aggregateFunction() != null) {
      TypeInfo<Object> type = checkedType(accumulatorType(spec.aggregateFunction()), "the AggregateFunction's"
          + " accumulator", "implement the AggregateFunction as a class whose accumulator type argument is a concrete type");
      contents = new AggregatingWindowContents<>(state, windows, (AggregateFunction<IN, ?, ?>) spec.aggregateFunction(),
          type);
      slices = WindowSlices.of(spec, context.configuration(), state, windowSerializer, type);
    } else {
      contents = new ListWindowContents<>(state, windows, checkedType((TypeInfo<Object>) context.inputType(),
          "its input elements", "declare it with .returns(...) on the operator before the window"));
    }
    checkLayout();
    trigger = new WindowTriggerContext<>(spec.trigger(), state, timers, windows);
    eventTimeTrigger = spec.trigger() != null && spec.trigger().getClass() == EventTimeTrigger.class
        && assigner.isEventTime();
    if (assigner instanceof MergingWindowAssigner<?, ?> merging) {
      mergingWindows = new MergingWindowSet<>(state, (MergingWindowAssigner<?, W>) merging, windows);
    }
    functionContext = windowFunction.new Context() {
      @Override
      public W window() {
        return firingWindow;
      }

      @Override
      public long currentProcessingTime() {
        return timers.currentProcessingTime();
      }

      @Override
      public long currentWatermark() {
        return timers.currentWatermark();
      }

      @Override
      public <X> void output(OutputTag<X> outputTag, X value) {
        collector.emitSide(outputTag, value);
      }
    };
    super.open();
  }

  /**
   * Refuses restored state of the other layout (per window or per slice, {@link
   * io.weft.core.config.CoreOptions#WINDOW_SLICING}): its windows would silently fire empty.
   */
  private void checkLayout() {
    boolean sliced = slices != null;
    String other = sliced ? CONTENTS_STATE : WindowSlices.STATE_NAME;
    // Counts restored entries of states not registered too (the other layout's is not).
    if (state.numEntries(other) > 0) {
      throw new IllegalStateException("'" + context.operatorName() + "' restored window state kept "
          + (sliced ? "per window" : "per slice") + ", but this job keeps its windows " + (sliced ? "per slice" : "per window")
          + ": restore with execution.window-slicing: " + !sliced + " (the setting the savepoint was taken with)");
    }
  }

  /**
   * The type of what the window keeps, or null when unknown: then the contents can live on the
   * heap only, and a job with checkpoints is refused here, naming the fix.
   */
  private TypeInfo<Object> checkedType(TypeInfo<Object> type, String what, String fix) {
    if (type != null) {
      try {
        type.createSerializer();
        return type;
      } catch (InvalidTypeException e) {
        if (CheckpointOptions.enabledIn(context.configuration())) {
          throw new IllegalStateException("'" + context.operatorName() + "' keeps " + what + " in checkpointed"
              + " state, but Weft cannot write their type: " + e.getMessage(), e);
        }
        return null;
      }
    }
    if (CheckpointOptions.enabledIn(context.configuration())) {
      throw new IllegalStateException("'" + context.operatorName() + "' keeps " + what + " in checkpointed state,"
          + " but their type is unknown (a lambda's result type is erased): " + fix);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static TypeInfo<Object> accumulatorType(AggregateFunction<?, ?, ?> function) {
    try {
      return (TypeInfo<Object>) TypeExtractor.outputType(function, AggregateFunction.class, 1);
    } catch (IllegalArgumentException e) { // InvalidTypeException, or no such type argument
      return null;
    }
  }

  private long currentProcessingTime() {
    return timers.currentProcessingTime();
  }

  /** The keyed state: window contents, trigger state and merging sets, for tests through the harness. */
  public KeyedStateBackend<K> keyedState() {
    return state;
  }

  public TimerService<K> timers() {
    return timers;
  }

  /** Late elements dropped because no late-data side output was set (Flink's numLateRecordsDropped). */
  public long lateRecordsDropped() {
    return lateRecordsDropped;
  }

  @Override
  public void processElement(StreamRecord<IN> record) throws Exception {
    IN value = record.getValue();
    long timestamp = record.getTimestamp();
    K key = keySelector.getKey(value);
    state.setCurrentKey(key);
    Collection<W> windows = assigner.assignWindows(value, timestamp, assignerContext);
    boolean added = mergingWindows != null
        ? addToMergingWindows(key, value, timestamp, windows)
        : slices != null ? addToSlice(key, value, timestamp, windows) : addToWindows(key, value, timestamp, windows);
    if (!added && isElementLate(timestamp)) {
      if (lateDataTag != null) {
        emitToSide(lateDataTag, value, timestamp);
      } else {
        lateRecordsDropped++;
      }
    }
  }

  private boolean addToWindows(K key, IN value, long timestamp, Collection<W> windows) throws Exception {
    boolean added = false;
    for (W window : windows) {
      if (isWindowLate(window)) {
        continue;
      }
      added = true;
      boolean first = contents.add(window, value);
      if (eventTimeTrigger) {
        addedWithEventTimeTrigger(key, window, first);
        continue;
      }
      react(key, window, window, trigger.onElement(key, window, value, timestamp));
      registerCleanupTimer(key, window);
    }
    return added;
  }

  /**
   * {@link io.weft.api.windowing.triggers.EventTimeTrigger}'s decision made here, as on the sliced
   * path: a window the watermark has passed (allowed lateness) fires at once; otherwise its end
   * timer and its cleanup timer are set when it gets its first element. A later element finds both
   * still set: this trigger deletes no timer, and the cleanup timer's firing empties the window
   * for good (the window is late from then on).
   */
  private void addedWithEventTimeTrigger(K key, W window, boolean first) throws Exception {
    if (window.maxTimestamp() <= timers.currentWatermark()) {
      react(key, window, window, TriggerResult.FIRE);
    } else if (first) {
      timers.registerEventTimeTimer(key, window, window.maxTimestamp());
    }
    if (first) {
      registerCleanupTimer(key, window);
    }
  }

  /**
   * The sliced path, with {@link io.weft.api.windowing.triggers.EventTimeTrigger}'s decisions made
   * here: the element goes once into its slice; a window it belongs to whose end the watermark has
   * passed (allowed lateness) fires at once, as the trigger would; timers are set only when the
   * slice gets its first element, because every later element of that slice belongs to the same
   * windows, of which only fewer can still be live (the watermark only grows).
   */
  private boolean addToSlice(K key, IN value, long timestamp, Collection<W> windows) throws Exception {
    boolean live = false;
    for (W window : windows) {
      live |= !isWindowLate(window);
    }
    if (!live) {
      return false;
    }
    boolean first = slices.add(slices.sliceOf(timestamp), value);
    for (W window : windows) {
      if (isWindowLate(window)) {
        continue;
      }
      if (window.maxTimestamp() <= timers.currentWatermark()) {
        fireSlices(key, window);
      } else if (first) {
        timers.registerEventTimeTimer(key, window, window.maxTimestamp());
      }
      if (first) {
        registerCleanupTimer(key, window);
      }
    }
    return true;
  }

  private void fireSlices(K key, W window) throws Exception {
    Object result = slices.result((TimeWindow) window);
    if (result != null) {
      fire(key, window, Collections.singletonList(result));
    }
  }

  private boolean addToMergingWindows(K key, IN value, long timestamp, Collection<W> windows) throws Exception {
    boolean added = false;
    mergingWindows.load();
    for (W window : windows) {
      W actual = mergingWindows.add(window, (result, merged, stateWindow, mergedStateWindows) -> {
        trigger.onMerge(key, result, merged);
        for (W m : merged) {
          if (!m.equals(result)) {
            trigger.clear(key, m);
            deleteCleanupTimer(key, m);
          }
        }
        contents.merge(stateWindow, mergedStateWindows);
      });
      // Only a window that merged with nothing can be late: live windows are not (their
      // cleanup timers would have removed them), and merging only makes windows longer.
      if (isWindowLate(actual)) {
        mergingWindows.retire(actual);
        continue;
      }
      added = true;
      W stateWindow = mergingWindows.stateWindowOf(actual);
      contents.add(stateWindow, value);
      react(key, actual, stateWindow, trigger.onElement(key, actual, value, timestamp));
      registerCleanupTimer(key, actual);
    }
    mergingWindows.persist();
    return added;
  }

  /** Carries out a trigger's decision for {@code window}, whose contents are in {@code stateWindow}. */
  private void react(K key, W window, W stateWindow, TriggerResult result) throws Exception {
    if (result.isFire()) {
      Iterable<Object> values = contents.get(stateWindow);
      if (values != null) {
        fire(key, window, values);
      }
    }
    if (result.isPurge()) {
      contents.clear(stateWindow);
    }
  }

  private void fire(K key, W window, Iterable<Object> values) throws Exception {
    firingWindow = window;
    collector.timestamp = window.maxTimestamp();
    // User state of the window function is per key, not per window.
    state.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    windowFunction.process(key, functionContext, values, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    timers.advanceWatermark(watermark);
    output.emitWatermark(watermark);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onEventTime(K key, Object namespace, long time) throws Exception {
    W window = (W) namespace;
    if (slices != null) {
      if (time == window.maxTimestamp()) { // EventTimeTrigger fires only at the end; the cleanup timer may come later
        fireSlices(key, window);
      }
      if (time == cleanupTime(window)) {
        slices.retire((TimeWindow) window);
      }
      return;
    }
    W stateWindow = stateWindowForTimer(window);
    if (stateWindow == null) {
      return;
    }
    react(key, window, stateWindow, trigger.onEventTime(key, window, time));
    if (assigner.isEventTime() && time == cleanupTime(window)) {
      clearAllState(key, window, stateWindow);
    }
    if (mergingWindows != null) {
      mergingWindows.persist();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onProcessingTime(K key, Object namespace, long time) throws Exception {
    W window = (W) namespace;
    W stateWindow = stateWindowForTimer(window);
    if (stateWindow == null) {
      return;
    }
    react(key, window, stateWindow, trigger.onProcessingTime(key, window, time));
    if (!assigner.isEventTime() && time == cleanupTime(window)) {
      clearAllState(key, window, stateWindow);
    }
    if (mergingWindows != null) {
      mergingWindows.persist();
    }
  }

  /**
   * Where a timer's window keeps its contents; null for a window that was merged away, whose
   * timer a custom trigger forgot to delete: its state is gone, so there is nothing to do.
   */
  private W stateWindowForTimer(W window) throws Exception {
    if (mergingWindows == null) {
      return window;
    }
    mergingWindows.load();
    return mergingWindows.stateWindowOf(window);
  }

  private void clearAllState(K key, W window, W stateWindow) throws Exception {
    contents.clear(stateWindow);
    trigger.clear(key, window);
    if (mergingWindows != null) {
      mergingWindows.retire(window);
    }
  }

  // ---- lateness and cleanup ----

  /** When a window's state goes: the end of its allowed lateness in event time, its end in processing time. */
  private long cleanupTime(W window) {
    if (!assigner.isEventTime()) {
      return window.maxTimestamp();
    }
    long t = window.maxTimestamp() + allowedLateness;
    return t >= window.maxTimestamp() ? t : Long.MAX_VALUE; // overflow: never
  }

  private boolean isWindowLate(W window) {
    return assigner.isEventTime() && cleanupTime(window) <= timers.currentWatermark();
  }

  private boolean isElementLate(long timestamp) {
    return assigner.isEventTime() && timestamp + allowedLateness <= timers.currentWatermark();
  }

  private void registerCleanupTimer(K key, W window) {
    long t = cleanupTime(window);
    if (t == Long.MAX_VALUE) {
      return; // a window that never ends (GlobalWindow) is only ever purged by its trigger
    }
    if (assigner.isEventTime()) {
      timers.registerEventTimeTimer(key, window, t);
    } else {
      timers.registerProcessingTimeTimer(key, window, t);
    }
  }

  private void deleteCleanupTimer(K key, W window) {
    long t = cleanupTime(window);
    if (t == Long.MAX_VALUE) {
      return;
    }
    if (assigner.isEventTime()) {
      timers.deleteEventTimeTimer(key, window, t);
    } else {
      timers.deleteProcessingTimeTimer(key, window, t);
    }
  }

  /** Emits window results and side outputs with the firing window's maxTimestamp(). */
  private final class WindowCollector implements Collector<OUT> {
    long timestamp;

    @Override
    public void collect(OUT value) {
      emitUnchecked(value, timestamp);
    }

    <X> void emitSide(OutputTag<X> tag, X value) {
      emitToSide(tag, value, timestamp);
    }
  }
}
