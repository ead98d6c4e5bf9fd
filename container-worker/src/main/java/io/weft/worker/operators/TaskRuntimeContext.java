package io.weft.worker.operators;

import io.weft.api.functions.RuntimeContext;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.state.keyed.KeyedStateBackend;

/** The {@link RuntimeContext} of a user function; keyed state only where the operator is keyed. */
public final class TaskRuntimeContext implements RuntimeContext {
  private final OperatorContext context;
  private final KeyedStateBackend<?> keyedState;

  public TaskRuntimeContext(OperatorContext context, KeyedStateBackend<?> keyedState) {
    this.context = context;
    this.keyedState = keyedState;
  }

  @Override
  public String getJobId() {
    return context.jobId();
  }

  @Override
  public String getTaskName() {
    return context.taskName();
  }

  @Override
  public int getIndexOfThisSubtask() {
    return context.subtaskIndex();
  }

  @Override
  public int getNumberOfParallelSubtasks() {
    return context.parallelism();
  }

  @Override
  public int getMaxNumberOfParallelSubtasks() {
    return context.maxParallelism();
  }

  @Override
  public io.weft.api.cache.DistributedCache getDistributedCache() {
    return io.weft.worker.cache.LocalizedFiles.forJob(context.jobId(), context.configuration());
  }

  @Override
  public io.weft.api.metrics.MetricGroup getMetricGroup() {
    return context.metricGroup();
  }

  private KeyedStateBackend<?> keyed() {
    if (keyedState == null) {
      throw new UnsupportedOperationException("Keyed state is only available on a keyed stream: operator '"
          + context.operatorName() + "' must follow keyBy(...)");
    }
    return keyedState;
  }

  @Override
  public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
    return keyed().getValueState(descriptor);
  }

  @Override
  public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
    return keyed().getListState(descriptor);
  }

  @Override
  public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
    return keyed().getMapState(descriptor);
  }

  @Override
  public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
    return keyed().getReducingState(descriptor);
  }
}
