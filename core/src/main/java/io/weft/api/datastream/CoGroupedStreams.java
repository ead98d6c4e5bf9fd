package io.weft.api.datastream;

import io.weft.api.functions.CoGroupFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.join.CoGroupWindowFunction;
import io.weft.api.join.TaggedUnion;
import io.weft.api.join.TaggedUnionTypeInfo;
import io.weft.api.windowing.WindowedStream;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * A window coGroup of two streams: {@code a.coGroup(b).where(keyA).equalTo(keyB).window(assigner)
 * .apply(coGroupFunction)}. As in Flink, both inputs become one stream of {@link TaggedUnion}s,
 * keyed by the key of either side and cut into windows by the ordinary window operator; each
 * window of each key hands its elements, split by input, to the function. Output carries the
 * window's maxTimestamp().
 */
public final class CoGroupedStreams<T1, T2> {
  private final DataStream<T1> first;
  private final DataStream<T2> second;

  CoGroupedStreams(DataStream<T1> first, DataStream<T2> second) {
    this.first = first;
    this.second = second;
  }

  public <K> Where<K> where(KeySelector<T1, K> keySelector) {
    return new Where<>(keySelector, TypeGuesses.output(keySelector, KeySelector.class, 1));
  }

  public <K> Where<K> where(KeySelector<T1, K> keySelector, TypeInfo<K> keyType) {
    return new Where<>(keySelector, keyType);
  }

  /** The first input's key is set. */
  public final class Where<K> {
    private final KeySelector<T1, K> key1;
    private final TypeInfo<K> keyType;

    Where(KeySelector<T1, K> key1, TypeInfo<K> keyType) {
      this.key1 = key1;
      this.keyType = keyType;
    }

    public EqualTo equalTo(KeySelector<T2, K> key2) {
      TypeInfo<K> otherType = TypeGuesses.output(key2, KeySelector.class, 1);
      if (keyType != null && otherType != null && !keyType.toString().equals(otherType.toString())) {
        throw new IllegalArgumentException("The keys of the two inputs are not equal: first key = " + keyType
            + ", second key = " + otherType);
      }
      return new EqualTo(key2);
    }

    /** Both keys are set. */
    public final class EqualTo {
      private final KeySelector<T2, K> key2;

      EqualTo(KeySelector<T2, K> key2) {
        this.key2 = key2;
      }

      public <W extends Window> WithWindow<W> window(WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
        return new WithWindow<>(assigner, key2);
      }
    }

    /** Keys and window are set; a trigger and allowed lateness may follow, then the function. */
    public final class WithWindow<W extends Window> {
      private final WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner;
      private final KeySelector<T2, K> key2;
      private Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger;
      private Duration allowedLateness;

      WithWindow(WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner, KeySelector<T2, K> key2) {
        this.assigner = assigner;
        this.key2 = key2;
      }

      public WithWindow<W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
        this.trigger = trigger;
        return this;
      }

      public WithWindow<W> allowedLateness(Duration lateness) {
        this.allowedLateness = lateness;
        return this;
      }

      public <O> SingleOutputStreamOperator<O> apply(CoGroupFunction<T1, T2, O> function) {
        return apply(function, TypeGuesses.output(function, CoGroupFunction.class, 2));
      }

      public <O> SingleOutputStreamOperator<O> apply(CoGroupFunction<T1, T2, O> function, TypeInfo<O> outputType) {
        return CoGroupedStreams.this.build(key1, keySelector2(), keyType, this, function, function, outputType,
            "CoGroup");
      }

      KeySelector<T2, K> keySelector2() {
        return key2;
      }

      WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner() {
        return assigner;
      }

      Trigger<? super TaggedUnion<T1, T2>, ? super W> triggerOrNull() {
        return trigger;
      }

      Duration lateness() {
        return allowedLateness;
      }
    }
  }

  /**
   * Tags, unions, keys and windows both inputs, and evaluates each window with {@code function}
   * ({@code userFunction} is what the user gave, for its life cycle).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <K, W extends Window, O> SingleOutputStreamOperator<O> build(KeySelector<T1, K> key1, KeySelector<T2, K> key2,
      TypeInfo<K> keyType, Where<K>.WithWindow<W> window, CoGroupFunction<T1, T2, O> function, Object userFunction,
      TypeInfo<O> outputType, String name) {
    TypeInfo<TaggedUnion<T1, T2>> unionType = first.getType() != null && second.getType() != null
        ? new TaggedUnionTypeInfo<>(first.getType(), second.getType()) : null;
    SingleOutputStreamOperator<TaggedUnion<T1, T2>> one = first.map(TaggedUnion::<T1, T2>one);
    SingleOutputStreamOperator<TaggedUnion<T1, T2>> two = second.map(TaggedUnion::<T1, T2>two);
    one.returns(unionType);
    two.returns(unionType);
    KeySelector<TaggedUnion<T1, T2>, K> unionKey = new UnionKeySelector<>(key1, key2);
    KeyedStream<TaggedUnion<T1, T2>, K> keyed = one.union(two).keyBy(unionKey, keyType);
    WindowedStream<TaggedUnion<T1, T2>, K, W> windowed = keyed.window(window.assigner());
    if (window.triggerOrNull() != null) {
      windowed.trigger(window.triggerOrNull());
    }
    if (window.lateness() != null) {
      windowed.allowedLateness(window.lateness());
    }
    SingleOutputStreamOperator<O> result =
        windowed.process(new CoGroupWindowFunction<>(function, userFunction)).name(name);
    if (outputType != null) {
      result.returns(outputType);
    }
    return result;
  }

  /** The key of a tagged element: by the selector of the input it came from. */
  private record UnionKeySelector<T1, T2, K>(KeySelector<T1, K> key1, KeySelector<T2, K> key2)
      implements KeySelector<TaggedUnion<T1, T2>, K> {
    private static final long serialVersionUID = 1L;

    @Override
    public K getKey(TaggedUnion<T1, T2> value) throws Exception {
      return value.isOne() ? key1.getKey(value.getOne()) : key2.getKey(value.getTwo());
    }
  }
}
