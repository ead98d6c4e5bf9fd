package io.weft.api.datastream;

import io.weft.api.functions.FlatJoinFunction;
import io.weft.api.functions.JoinFunction;
import io.weft.api.functions.KeySelector;
import io.weft.api.join.JoinCoGroupFunction;
import io.weft.api.join.TaggedUnion;
import io.weft.api.windowing.assigners.WindowAssigner;
import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * A window join of two streams: {@code a.join(b).where(keyA).equalTo(keyB).window(assigner)
 * .apply(joinFunction)} joins every pair of elements with equal keys in the same window. Built,
 * as in Flink, as a coGroup ({@link CoGroupedStreams}) whose function pairs the groups; output
 * carries the window's maxTimestamp().
 */
public final class JoinedStreams<T1, T2> {
  private final CoGroupedStreams<T1, T2> coGroup;

  JoinedStreams(DataStream<T1> first, DataStream<T2> second) {
    this.coGroup = new CoGroupedStreams<>(first, second);
  }

  public <K> Where<K> where(KeySelector<T1, K> keySelector) {
    return new Where<>(coGroup.where(keySelector));
  }

  public <K> Where<K> where(KeySelector<T1, K> keySelector, TypeInfo<K> keyType) {
    return new Where<>(coGroup.where(keySelector, keyType));
  }

  /** The first input's key is set. */
  public final class Where<K> {
    private final CoGroupedStreams<T1, T2>.Where<K> where;

    Where(CoGroupedStreams<T1, T2>.Where<K> where) {
      this.where = where;
    }

    public EqualTo equalTo(KeySelector<T2, K> keySelector) {
      return new EqualTo(where.equalTo(keySelector));
    }

    /** Both keys are set. */
    public final class EqualTo {
      private final CoGroupedStreams<T1, T2>.Where<K>.EqualTo equalTo;

      EqualTo(CoGroupedStreams<T1, T2>.Where<K>.EqualTo equalTo) {
        this.equalTo = equalTo;
      }

      public <W extends Window> WithWindow<W> window(WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
        return new WithWindow<>(equalTo.window(assigner));
      }
    }

    /** Keys and window are set; a trigger and allowed lateness may follow, then the join function. */
    public final class WithWindow<W extends Window> {
      private final CoGroupedStreams<T1, T2>.Where<K>.WithWindow<W> window;

      WithWindow(CoGroupedStreams<T1, T2>.Where<K>.WithWindow<W> window) {
        this.window = window;
      }

      public WithWindow<W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
        window.trigger(trigger);
        return this;
      }

      public WithWindow<W> allowedLateness(Duration lateness) {
        window.allowedLateness(lateness);
        return this;
      }

      public <O> SingleOutputStreamOperator<O> apply(JoinFunction<T1, T2, O> function) {
        return apply(function, TypeGuesses.output(function, JoinFunction.class, 2));
      }

      public <O> SingleOutputStreamOperator<O> apply(JoinFunction<T1, T2, O> function, TypeInfo<O> outputType) {
        return window.apply(JoinCoGroupFunction.of(function), outputType).name("Window Join");
      }

      public <O> SingleOutputStreamOperator<O> apply(FlatJoinFunction<T1, T2, O> function) {
        return apply(function, TypeGuesses.output(function, FlatJoinFunction.class, 2));
      }

      public <O> SingleOutputStreamOperator<O> apply(FlatJoinFunction<T1, T2, O> function, TypeInfo<O> outputType) {
        return window.apply(JoinCoGroupFunction.of(function), outputType).name("Window Join");
      }
    }
  }
}
