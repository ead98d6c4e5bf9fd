package io.weft.worker.operators;

import io.weft.core.plan.OperatorSpec;
import io.weft.worker.operators.co.TwoInputOperators;
import io.weft.worker.operators.window.WindowOperator;

/** Turns the plan's declarative operator specs into running operators. */
public final class Operators {
  private Operators() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static StreamOperator<?, ?> create(OperatorSpec spec) {
    if (spec instanceof OperatorSpec.SourceSpec s) {
      return new SourceOperator<>(s.source());
    } else if (spec instanceof OperatorSpec.MapSpec s) {
      return new MapOperator<>(s.function());
    } else if (spec instanceof OperatorSpec.FlatMapSpec s) {
      return new FlatMapOperator<>(s.function());
    } else if (spec instanceof OperatorSpec.FilterSpec s) {
      return new FilterOperator<>(s.function());
    } else if (spec instanceof OperatorSpec.ProcessSpec s) {
      return new ProcessOperator<>(s.function());
    } else if (spec instanceof OperatorSpec.KeyedProcessSpec s) {
      return new KeyedProcessOperator<>(s.keySelector(), s.function());
    } else if (spec instanceof OperatorSpec.KeyedReduceSpec s) {
      return new KeyedReduceOperator<>(s.keySelector(), s.function());
    } else if (spec instanceof OperatorSpec.SinkSpec s) {
      return new SinkOperator<>(s.sink());
    } else if (spec instanceof OperatorSpec.TimestampsAndWatermarksSpec s) {
      return new TimestampsAndWatermarksOperator<>(s.strategy());
    } else if (spec instanceof OperatorSpec.AsyncWaitSpec s) {
      return new io.weft.worker.operators.async.AsyncWaitOperator<>(s);
    } else if (spec instanceof OperatorSpec.WindowSpec s) {
      return new WindowOperator<>(s);
    } else if (spec.isTwoInput()) {
      return TwoInputOperators.create(spec);
    }
    throw new IllegalArgumentException("no operator for " + spec.getClass().getName());
  }
}
