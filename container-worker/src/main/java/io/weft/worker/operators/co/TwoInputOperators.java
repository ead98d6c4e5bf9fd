package io.weft.worker.operators.co;

import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.TwoInputSpecs;
import io.weft.worker.operators.TwoInputStreamOperator;

/** Turns the specs of {@link TwoInputSpecs} into running two-input operators. */
public final class TwoInputOperators {
  private TwoInputOperators() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static TwoInputStreamOperator<?, ?, ?> create(OperatorSpec spec) {
    if (spec instanceof TwoInputSpecs.CoMapSpec s) {
      return new CoMapOperator<>(s.function());
    } else if (spec instanceof TwoInputSpecs.CoFlatMapSpec s) {
      return new CoFlatMapOperator<>(s.function());
    } else if (spec instanceof TwoInputSpecs.CoProcessSpec s) {
      return new CoProcessOperator<>(s.function());
    } else if (spec instanceof TwoInputSpecs.KeyedCoProcessSpec s) {
      return new KeyedCoProcessOperator<>(s.keySelector1(), s.keySelector2(), s.function());
    } else if (spec instanceof TwoInputSpecs.BroadcastProcessSpec s) {
      return new BroadcastProcessOperator<>(s);
    } else if (spec instanceof TwoInputSpecs.KeyedBroadcastProcessSpec s) {
      return new KeyedBroadcastProcessOperator<>(s);
    } else if (spec instanceof TwoInputSpecs.IntervalJoinSpec s) {
      return new IntervalJoinOperator<>(s);
    }
    throw new IllegalArgumentException("no two-input operator for " + spec.getClass().getName());
  }
}
