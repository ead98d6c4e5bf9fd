package io.weft.api.datastream;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.plan.Transformation;
import io.weft.core.plan.Transformation.SideOutputTransformation;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/** The stream an operator emits, with the operator's own settings. */
public class SingleOutputStreamOperator<T> extends DataStream<T> {

  public SingleOutputStreamOperator(StreamEnvironment environment, Transformation<T> transformation) {
    super(environment, transformation);
  }

  /** The operator's name, shown in logs and the web UI. */
  public SingleOutputStreamOperator<T> name(String name) {
    transformation.setName(name);
    return this;
  }

  /** A stable id for the operator, by which savepoints find its state; set it on stateful operators. */
  public SingleOutputStreamOperator<T> uid(String uid) {
    transformation.setUid(uid);
    return this;
  }

  public SingleOutputStreamOperator<T> setParallelism(int parallelism) {
    transformation.setParallelism(parallelism);
    return this;
  }

  public SingleOutputStreamOperator<T> setMaxParallelism(int maxParallelism) {
    transformation.setMaxParallelism(maxParallelism);
    return this;
  }

  /** Keeps this operator out of any chain: it gets a task (thread) of its own. */
  public SingleOutputStreamOperator<T> disableChaining() {
    transformation.disableChaining();
    return this;
  }

  /** Declares the element type where it cannot be inferred (lambdas returning generic types). */
  public SingleOutputStreamOperator<T> returns(TypeInfo<T> type) {
    transformation.setOutputType(type);
    return this;
  }

  public SingleOutputStreamOperator<T> returns(Class<T> type) {
    return returns(TypeInfo.of(type));
  }

  public SingleOutputStreamOperator<T> returns(TypeHint<T> type) {
    return returns(TypeInfo.of(type));
  }

  /** The elements this operator emitted to the side output {@code tag}. */
  public <X> DataStream<X> getSideOutput(OutputTag<X> tag) {
    SideOutputTransformation<X> t = new SideOutputTransformation<>(environment.nextId(), transformation, tag);
    t.setOutputType(tag.getTypeInfo());
    return new DataStream<>(environment, t);
  }
}
