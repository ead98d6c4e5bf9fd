package io.weft.core.plan;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.co.BroadcastProcessFunction;
import io.weft.api.functions.co.CoFlatMapFunction;
import io.weft.api.functions.co.CoMapFunction;
import io.weft.api.functions.co.CoProcessFunction;
import io.weft.api.functions.co.KeyedBroadcastProcessFunction;
import io.weft.api.functions.co.KeyedCoProcessFunction;
import io.weft.api.functions.co.ProcessJoinFunction;
import io.weft.api.state.MapStateDescriptor;
import java.util.List;

/**
 * The specs of operators with two inputs ({@code connect(...)}, interval joins). Their node's
 * in-edges say which input each feeds ({@link StreamEdge#inputSide()}); such a node is never
 * chained to its inputs, but its downstream may chain to it.
 */
public final class TwoInputSpecs {
  private TwoInputSpecs() {}

  /** {@code connect(...).map(CoMapFunction)}. */
  public record CoMapSpec<I1, I2, O>(CoMapFunction<I1, I2, O> function) implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }
  }

  /** {@code connect(...).flatMap(CoFlatMapFunction)}. */
  public record CoFlatMapSpec<I1, I2, O>(CoFlatMapFunction<I1, I2, O> function) implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }
  }

  /** {@code connect(...).process(CoProcessFunction)} on non-keyed inputs. */
  public record CoProcessSpec<I1, I2, O>(CoProcessFunction<I1, I2, O> function) implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }
  }

  /** {@code connect(...).process(KeyedCoProcessFunction)} on two keyed inputs with their key selectors. */
  public record KeyedCoProcessSpec<K, I1, I2, O>(KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
      KeyedCoProcessFunction<K, I1, I2, O> function) implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  /**
   * {@code keyBy(...).intervalJoin(...).between(lower, upper)}: a left element at time t joins the
   * right elements of its key in [t + lower, t + upper], each bound inclusive unless said otherwise.
   * A late-data tag is null when such late elements are dropped.
   */
  public record IntervalJoinSpec<K, L, R, O>(KeySelector<L, K> leftKey, KeySelector<R, K> rightKey,
      long lowerBound, long upperBound, boolean lowerBoundInclusive, boolean upperBoundInclusive,
      OutputTag<L> leftLateDataTag, OutputTag<R> rightLateDataTag, ProcessJoinFunction<L, R, O> function)
      implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }

    public boolean isKeyed() {
      return true;
    }
  }

  /** {@code connect(broadcastStream).process(BroadcastProcessFunction)}: input 2 is the broadcast stream. */
  public record BroadcastProcessSpec<I1, I2, O>(BroadcastProcessFunction<I1, I2, O> function,
      List<MapStateDescriptor<?, ?>> descriptors) implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public BroadcastProcessSpec {
      descriptors = List.copyOf(descriptors);
    }

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }
  }

  /** {@code keyed.connect(broadcastStream).process(KeyedBroadcastProcessFunction)}: input 1 keyed, input 2 broadcast. */
  public record KeyedBroadcastProcessSpec<K, I1, I2, O>(KeySelector<I1, K> keySelector,
      KeyedBroadcastProcessFunction<K, I1, I2, O> function, List<MapStateDescriptor<?, ?>> descriptors)
      implements OperatorSpec {
    private static final long serialVersionUID = 1L;

    public KeyedBroadcastProcessSpec {
      descriptors = List.copyOf(descriptors);
    }

    public Object userObject() {
      return function;
    }

    public boolean isTwoInput() {
      return true;
    }

    public boolean isKeyed() {
      return true;
    }

    public boolean isBroadcastOnSecondInput() {
      return true;
    }
  }
}
