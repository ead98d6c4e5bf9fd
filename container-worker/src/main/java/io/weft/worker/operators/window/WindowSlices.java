package io.weft.worker.operators.window;

import io.weft.api.functions.AggregateFunction;
import io.weft.api.functions.ReduceFunction;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.assigners.SlidingEventTimeWindows;
import io.weft.api.windowing.triggers.EventTimeTrigger;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;

/**
 * Sliding event-time windows kept as slices (panes): each element is reduced or aggregated once,
 * into the slice of length gcd(size, slide) that holds its timestamp, and a window's result is the
 * combination of its size / gcd slices when it fires. The per-window path updates size / slide
 * windows per element instead; both give Flink's results when the function's merge agrees with
 * its add (see {@link CoreOptions#WINDOW_SLICING}, which turns this on).
 *
 * <p>Slices live in keyed state named {@value #STATE_NAME} with the slice (a {@link TimeWindow})
 * as namespace, so they are checkpointed and rescaled per key group like window contents. A slice
 * goes when the last window holding it is cleaned up: the slices in [start, start + slide) of a
 * window are in no later window.
 */
final class WindowSlices {
  static final String STATE_NAME = "window-slices";

  private final KeyedStateBackend<?> backend;
  private final ValueState<Object> slices;
  private final ReduceFunction<Object> reduce;
  private final AggregateFunction<Object, Object, Object> aggregate;
  /** Copies what is read before combining: the heap backend hands out its live objects, which a merge may change. */
  private final TypeSerializer<Object> copier;
  private final long size;
  private final long slide;
  private final long offset;
  private final long sliceSize;

  @SuppressWarnings("unchecked")
  private WindowSlices(KeyedStateBackend<?> backend, TypeSerializer<?> windows, SlidingEventTimeWindows assigner,
      ReduceFunction<?> reduce, AggregateFunction<?, ?, ?> aggregate, TypeInfo<Object> stateType) {
    this.backend = backend;
    this.reduce = (ReduceFunction<Object>) reduce;
    this.aggregate = (AggregateFunction<Object, Object, Object>) aggregate;
    this.slices = backend.getValueState(windows, new ValueStateDescriptor<>(STATE_NAME, stateType));
    this.copier = backend instanceof HeapKeyedStateBackend ? stateType.createSerializer() : null;
    this.size = assigner.getSize();
    this.slide = assigner.getSlide();
    this.offset = assigner.getOffset();
    this.sliceSize = gcd(size, slide);
  }

  /**
   * The slices of this operator's windows, or null when it keeps windows one by one: slicing is off,
   * or the windows are not sliding event-time ones, or the trigger is not the default
   * {@link EventTimeTrigger}, or there is no reduce/aggregate function, or the type of what a slice
   * keeps is unknown ({@code stateType} null: it could not be copied).
   */
  static WindowSlices of(OperatorSpec.WindowSpec<?, ?, ?> spec, Configuration conf, KeyedStateBackend<?> backend,
      TypeSerializer<?> windows, TypeInfo<Object> stateType) {
    if (!conf.get(CoreOptions.WINDOW_SLICING)
        || !(spec.assigner() instanceof SlidingEventTimeWindows sliding)
        || spec.trigger() == null || spec.trigger().getClass() != EventTimeTrigger.class
        || (spec.reduceFunction() == null && spec.aggregateFunction() == null)
        || stateType == null || windows == null) {
      return null;
    }
    if (sliding.getSlide() >= sliding.getSize() && sliding.getSize() % sliding.getSlide() == 0) {
      return null; // tumbling in effect: a slice is a window, nothing to share
    }
    return new WindowSlices(backend, windows, sliding, spec.reduceFunction(), spec.aggregateFunction(), stateType);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The slice holding {@code timestamp}; slice edges fall on every window's start and end. */
  TimeWindow sliceOf(long timestamp) {
    long start = TimeWindow.getWindowStartWithOffset(timestamp, offset, sliceSize);
    return new TimeWindow(start, start + sliceSize);
  }

  /** Adds {@code value} to its slice of the current key; true when the slice held nothing before. */
  boolean add(TimeWindow slice, Object value) throws Exception {
    backend.setCurrentNamespace(slice);
    Object acc = slices.value();
    if (reduce != null) {
      slices.update(acc == null ? value : reduce.reduce(acc, value));
    } else {
      // update() even if add() changed acc in place: a serializing backend must see the new value.
      slices.update(aggregate.add(value, acc == null ? aggregate.createAccumulator() : acc));
    }
    return acc == null;
  }

  /** The window's result from its slices, oldest first, for the current key; null when all are empty. */
  Object result(TimeWindow window) throws Exception {
    Object acc = null;
    for (long start = window.getStart(); start < window.getEnd(); start += sliceSize) {
      backend.setCurrentNamespace(new TimeWindow(start, start + sliceSize));
      Object part = slices.value();
      if (part == null) {
        continue;
      }
      if (copier != null) {
        part = copier.copy(part);
      }
      if (acc == null) {
        acc = part;
      } else {
        acc = reduce != null ? reduce.reduce(acc, part) : aggregate.merge(acc, part);
      }
    }
    return acc == null || reduce != null ? acc : aggregate.getResult(acc);
  }

  /** Drops the slices of the current key that {@code window} is the last window of (it is being cleaned up). */
  void retire(TimeWindow window) {
    long end = window.getStart() + Math.min(slide, size);
    for (long start = window.getStart(); start < end; start += sliceSize) {
      backend.setCurrentNamespace(new TimeWindow(start, start + sliceSize));
      slices.clear();
    }
  }
}
