package io.weft.worker.operators.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.co.ProcessJoinFunction;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.TwoInputSpecs.IntervalJoinSpec;
import io.weft.core.types.InvalidTypeException;
import io.weft.core.types.ListTypeInfo;
import io.weft.core.types.StringSerializer;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.Types;
import io.weft.dataplane.element.StreamRecord;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.timers.TimerCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An interval join, with Flink's semantics. Each side buffers its elements per key in keyed state
 * (a map from timestamp to the elements at that time). An element first joins the other side's
 * buffered elements within its bounds, then waits in its own buffer until an event-time cleanup
 * timer removes it: once the watermark has passed the last time a matching element of the other
 * side could still arrive without being late. An element whose timestamp is below the watermark
 * is late: dropped, or emitted to the late-data side output of its side.
 *
 * <p>Exclusive bounds become inclusive ones moved by one millisecond inward, so only inclusive
 * bounds are compared. A joined pair is emitted with the larger of both timestamps.
 */
public final class IntervalJoinOperator<K, L, R, O> extends AbstractTwoInputOperator<L, R, O>
    implements TimerCallback<K> {
  private static final String CLEANUP_LEFT = "cleanup-left";
  private static final String CLEANUP_RIGHT = "cleanup-right";

  private final KeySelector<L, K> leftKey;
  private final KeySelector<R, K> rightKey;
  private final ProcessJoinFunction<L, R, O> function;
  private final long lowerBound;
  private final long upperBound;
  private final OutputTag<L> leftLateDataTag;
  private final OutputTag<R> rightLateDataTag;
  private final JoinContext ctx = new JoinContext();
  private KeyedStateBackend<K> state;
  private io.weft.worker.timers.TimerService<K> timers;
  private MapState<Long, List<L>> leftBuffer;
  private MapState<Long, List<R>> rightBuffer;

  public IntervalJoinOperator(IntervalJoinSpec<K, L, R, O> spec) {
    super(spec.function());
    if (spec.lowerBound() > spec.upperBound()) {
      throw new IllegalArgumentException("an interval join needs lowerBound <= upperBound");
    }
    this.leftKey = spec.leftKey();
    this.rightKey = spec.rightKey();
    this.function = spec.function();
    this.lowerBound = spec.lowerBoundInclusive() ? spec.lowerBound() : spec.lowerBound() + 1;
    this.upperBound = spec.upperBoundInclusive() ? spec.upperBound() : spec.upperBound() - 1;
    this.leftLateDataTag = spec.leftLateDataTag();
    this.rightLateDataTag = spec.rightLateDataTag();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    state = context.createKeyedStateBackend();
    timers = context.createTimerService(state, StringSerializer.INSTANCE, this);
    leftBuffer = state.getMapState(new MapStateDescriptor<>("left-buffer", Types.LONG,
        new ListTypeInfo<>((TypeInfo<L>) typeOrUnknown(context.inputType(), "left"))));
    rightBuffer = state.getMapState(new MapStateDescriptor<>("right-buffer", Types.LONG,
        new ListTypeInfo<>((TypeInfo<R>) typeOrUnknown(context.secondInputType(), "right"))));
    super.open();
  }

  /**
   * The element type of one side, or a stand-in that fails only when the buffer must be written
   * (a checkpoint, RocksDB): on the heap without checkpoints an unknown type is no problem.
   */
  private TypeInfo<?> typeOrUnknown(TypeInfo<?> type, String side) {
    if (type == null && CheckpointOptions.enabledIn(context.configuration())) {
      // Refused now rather than at the first checkpoint, as the window operator does.
      new UnknownType<>(context.operatorName(), side).createSerializer();
    }
    return type != null ? type : new UnknownType<>(context.operatorName(), side);
  }

  public KeyedStateBackend<K> keyedState() {
    return state;
  }

  public io.weft.worker.timers.TimerService<K> timers() {
    return timers;
  }

  @Override
  public void processElement1(StreamRecord<L> record) throws Exception {
    state.setCurrentKey(leftKey.getKey(record.getValue()));
    process(record, leftBuffer, rightBuffer, lowerBound, upperBound, true);
  }

  @Override
  public void processElement2(StreamRecord<R> record) throws Exception {
    state.setCurrentKey(rightKey.getKey(record.getValue()));
    // Seen from the right, a left element at t joins rights in [t + lower, t + upper], i.e. a right
    // element at t joins lefts in [t - upper, t - lower].
    process(record, rightBuffer, leftBuffer, -upperBound, -lowerBound, false);
  }

  @SuppressWarnings("unchecked")
  private <T, U> void process(StreamRecord<T> record, MapState<Long, List<T>> ours, MapState<Long, List<U>> theirs,
      long relativeLower, long relativeUpper, boolean isLeft) throws Exception {
    T value = record.getValue();
    long ts = record.getTimestamp();
    if (ts == StreamRecord.NO_TIMESTAMP) {
      throw new IllegalArgumentException("'" + context.operatorName() + "': an element of the "
          + (isLeft ? "left" : "right") + " input has no timestamp; interval joins need event-time timestamps "
          + "(assignTimestampsAndWatermarks(...) before the join)");
    }
    long watermark = timers.currentWatermark();
    if (watermark != Long.MIN_VALUE && ts < watermark) {
      OutputTag<?> tag = isLeft ? leftLateDataTag : rightLateDataTag;
      if (tag != null) {
        emitToSide((OutputTag<T>) tag, value, ts);
      }
      return;
    }
    List<T> bucket = ours.get(ts);
    List<T> updated = bucket == null ? new ArrayList<>() : new ArrayList<>(bucket);
    updated.add(value);
    ours.put(ts, updated);
    for (Map.Entry<Long, List<U>> entry : theirs.entries()) {
      long otherTs = entry.getKey();
      if (otherTs < ts + relativeLower || otherTs > ts + relativeUpper) {
        continue;
      }
      for (U other : entry.getValue()) {
        if (isLeft) {
          join((L) value, (R) other, ts, otherTs);
        } else {
          join((L) other, (R) value, otherTs, ts);
        }
      }
    }
    // The last time this element can be joined: a later element of the other side at or below
    // ts + relativeUpper would be late once the watermark passed it.
    long cleanupTime = relativeUpper > 0 ? ts + relativeUpper : ts;
    timers.registerEventTimeTimer(state.getCurrentKey(), isLeft ? CLEANUP_LEFT : CLEANUP_RIGHT, cleanupTime);
  }

  private void join(L left, R right, long leftTs, long rightTs) throws Exception {
    long resultTs = Math.max(leftTs, rightTs);
    collector.setTimestamp(resultTs);
    ctx.leftTs = leftTs;
    ctx.rightTs = rightTs;
    ctx.resultTs = resultTs;
    function.processElement(left, right, ctx, collector);
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    timers.advanceWatermark(watermark);
    super.processWatermark(watermark);
  }

  @Override
  public void onEventTime(K key, Object namespace, long timestamp) throws Exception {
    if (CLEANUP_LEFT.equals(namespace)) {
      leftBuffer.remove(upperBound <= 0 ? timestamp : timestamp - upperBound);
    } else if (CLEANUP_RIGHT.equals(namespace)) {
      rightBuffer.remove(lowerBound <= 0 ? timestamp + lowerBound : timestamp);
    }
  }

  @Override
  public void onProcessingTime(K key, Object namespace, long timestamp) {
    throw new IllegalStateException("an interval join has no processing-time timers");
  }

  /** What the join function sees of the pair it gets. */
  private final class JoinContext implements ProcessJoinFunction.Context {
    long leftTs;
    long rightTs;
    long resultTs;

    @Override
    public long getLeftTimestamp() {
      return leftTs;
    }

    @Override
    public long getRightTimestamp() {
      return rightTs;
    }

    @Override
    public long getTimestamp() {
      return resultTs;
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, resultTs);
    }
  }

  /** A side whose element type is unknown: fine on the heap, refused once it must be serialized. */
  private static final class UnknownType<T> extends TypeInfo<T> {
    private final String operator;
    private final String side;

    UnknownType(String operator, String side) {
      this.operator = operator;
      this.side = side;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> typeClass() {
      return (Class<T>) Object.class;
    }

    @Override
    public TypeSerializer<T> createSerializer() {
      throw new InvalidTypeException("'" + operator + "' buffers its " + side + " input's elements in keyed state, "
          + "but their type is unknown (a lambda's result type is erased): declare it with .returns(...) on the "
          + side + " input");
    }

    @Override
    public String toString() {
      return "unknown " + side + " type";
    }
  }
}
