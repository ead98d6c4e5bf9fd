package io.weft.worker.operators;

import io.weft.api.functions.SubtaskInfo;
import io.weft.core.config.Configuration;
import io.weft.core.plan.RuntimeMode;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.timers.ProcessingTimeService;

/** What the task gives each operator of its chain: who it is, its clock, and its keyed state. */
public final class OperatorContext implements SubtaskInfo {
  private final String jobId;
  private final String operatorName;
  private final String taskName;
  private final int subtaskIndex;
  private final int parallelism;
  private final int maxParallelism;
  private final Configuration configuration;
  private final RuntimeMode runtimeMode;
  private final ProcessingTimeService processingTimeService;

  public OperatorContext(String jobId, String operatorName, String taskName, int subtaskIndex, int parallelism,
      int maxParallelism, Configuration configuration, RuntimeMode runtimeMode,
      ProcessingTimeService processingTimeService) {
    this.jobId = jobId;
    this.operatorName = operatorName;
    this.taskName = taskName;
    this.subtaskIndex = subtaskIndex;
    this.parallelism = parallelism;
    this.maxParallelism = maxParallelism;
    this.configuration = configuration;
    this.runtimeMode = runtimeMode;
    this.processingTimeService = processingTimeService;
  }

  public String jobId() {
    return jobId;
  }

  public String operatorName() {
    return operatorName;
  }

  public String taskName() {
    return taskName;
  }

  @Override
  public int subtaskIndex() {
    return subtaskIndex;
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  @Override
  public Configuration configuration() {
    return configuration;
  }

  public RuntimeMode runtimeMode() {
    return runtimeMode;
  }

  public ProcessingTimeService processingTimeService() {
    return processingTimeService;
  }

  /** A keyed state backend owning this subtask's key groups. */
  public <K> KeyedStateBackend<K> createKeyedStateBackend() {
    return new HeapKeyedStateBackend<>(subtaskIndex, parallelism, maxParallelism);
  }
}
