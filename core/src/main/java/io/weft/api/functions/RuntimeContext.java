package io.weft.api.functions;

import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;

/** What a running function knows about itself, and its keyed state (on keyed streams only). */
public interface RuntimeContext {
  String getJobId();

  String getTaskName();

  int getIndexOfThisSubtask();

  int getNumberOfParallelSubtasks();

  int getMaxNumberOfParallelSubtasks();

  /**
   * The operator's metric group: counters, gauges, meters and histograms registered here are
   * reported with the job's other metrics. A context outside a running task reports nothing.
   */
  default io.weft.api.metrics.MetricGroup getMetricGroup() {
    return new io.weft.api.metrics.UnregisteredMetricsGroup();
  }

  <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

  <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

  <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor);

  <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

  /** The files the job registered with {@code registerCachedFile}, as this TaskManager holds them. */
  io.weft.api.cache.DistributedCache getDistributedCache();
}
