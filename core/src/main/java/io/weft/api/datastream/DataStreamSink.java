package io.weft.api.datastream;

import io.weft.core.plan.Transformation;

/** The end of a stream: a sink operator and its settings. */
public final class DataStreamSink<T> {
  private final Transformation<?> transformation;

  DataStreamSink(Transformation<?> transformation) {
    this.transformation = transformation;
  }

  public DataStreamSink<T> name(String name) {
    transformation.setName(name);
    return this;
  }

  public DataStreamSink<T> uid(String uid) {
    transformation.setUid(uid);
    return this;
  }

  public DataStreamSink<T> setParallelism(int parallelism) {
    transformation.setParallelism(parallelism);
    return this;
  }

  public DataStreamSink<T> disableChaining() {
    transformation.disableChaining();
    return this;
  }
}
