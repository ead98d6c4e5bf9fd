package io.weft.worker.operators;

import io.weft.api.functions.SubtaskInfo;
import io.weft.core.config.Configuration;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.StateBackendFactory;
import io.weft.state.heap.HeapKeyedStateBackend;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.operator.OperatorStateBackend;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.worker.memory.SlotBudget;
import io.weft.worker.timers.ProcessingTimeService;
import io.weft.worker.timers.TimerCallback;
import io.weft.worker.timers.TimerService;
import io.weft.worker.timers.TimerSnapshot;

/**
 * What the task gives each operator of its chain: who it is, its clock, its keyed state, its
 * timers and its function's operator state. The task snapshots what an operator created here.
 */
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
  private final TypeSerializer<?> keySerializer;
  private final TypeInfo<?> inputType;
  private final OperatorRestore restore;
  private final int attemptNumber;
  private final SlotBudget slotBudget;
  private volatile KeyedStateBackend<?> keyedBackend;
  private TimerService<?> timerService;
  private TypeSerializer<Object> timerNamespaceSerializer;
  private OperatorStateBackend operatorStateBackend;
  private TypeInfo<?> secondInputType;
  private MailboxExecutor mailboxExecutor;
  private io.weft.worker.metrics.OperatorMetricGroup metrics;

  public OperatorContext(String jobId, String operatorName, String taskName, int subtaskIndex, int parallelism,
      int maxParallelism, Configuration configuration, RuntimeMode runtimeMode,
      ProcessingTimeService processingTimeService, SlotBudget slotBudget) {
    this(jobId, operatorName, taskName, subtaskIndex, parallelism, maxParallelism, configuration, runtimeMode,
        processingTimeService, null, null, OperatorRestore.NONE, 0, slotBudget);
  }

  /**
   * @param keySerializer the serializer of a keyed operator's key, if its type is known
   * @param inputType the type of the operator's input elements, if known (state that holds them needs it)
   * @param restore the state to start from ({@link OperatorRestore#NONE} for a fresh start)
   * @param slotBudget the managed memory and local directories of the slot the task runs in
   */
  public OperatorContext(String jobId, String operatorName, String taskName, int subtaskIndex, int parallelism,
      int maxParallelism, Configuration configuration, RuntimeMode runtimeMode,
      ProcessingTimeService processingTimeService, TypeSerializer<?> keySerializer, TypeInfo<?> inputType,
      OperatorRestore restore, int attemptNumber, SlotBudget slotBudget) {
    if (slotBudget == null) {
      throw new IllegalArgumentException("operator '" + operatorName + "' of " + taskName + " has no slot budget");
    }
    this.slotBudget = slotBudget;
    this.attemptNumber = attemptNumber;
    this.keySerializer = keySerializer;
    this.inputType = inputType;
    this.restore = restore;
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

  @Override
  public boolean endsWithFinalCheckpoint() {
    return io.weft.core.config.CheckpointOptions.endsWithFinalCheckpoint(configuration, runtimeMode);
  }

  /** The managed memory and local directories of the task's slot. */
  public SlotBudget slotBudget() {
    return slotBudget;
  }

  public ProcessingTimeService processingTimeService() {
    return processingTimeService;
  }

  /**
   * A keyed state backend owning this subtask's key groups, of the kind {@code state.backend} names.
   * Without a known key type it is a heap backend that cannot be checkpointed, which is refused
   * when checkpoints are on.
   */
  @SuppressWarnings("unchecked")
  public <K> KeyedStateBackend<K> createKeyedStateBackend() {
    KeyedStateBackend<K> backend;
    if (keySerializer == null) {
      if (CheckpointOptions.enabledIn(configuration)) {
        throw new IllegalStateException("'" + operatorName + "' keeps keyed state and checkpoints are on, but the "
            + "type of its key is unknown (a lambda's result type is erased): declare it with keyBy(selector, type)");
      }
      if (!restore.keyed().isEmpty()) {
        throw new IllegalStateException("'" + operatorName + "' has keyed state to restore, but the type of its key"
            + " is unknown: declare it with keyBy(selector, type)");
      }
      backend = new HeapKeyedStateBackend<>(subtaskIndex, parallelism, maxParallelism);
    } else {
      try {
        // Only a restore reads files. Hadoop's Configuration is not made for a fresh start: the
        // first one in a JVM initializes Hadoop's configuration classes (XML parsing, ~50 ms in a
        // fresh local JVM), inside open(), while the job's sources may already be emitting.
        org.apache.hadoop.conf.Configuration hadoopConf =
            restore.keyed().isEmpty() ? null : new org.apache.hadoop.conf.Configuration();
        backend = StateBackendFactory.createKeyedBackend(configuration, subtaskIndex, parallelism, maxParallelism,
            (TypeSerializer<K>) keySerializer, slotBudget.localDirs(), slotBudget.rocksDbMemory(), restore.keyed(),
            hadoopConf);
      } catch (Exception e) {
        throw new IllegalStateException("cannot create the keyed state of '" + operatorName + "': " + e, e);
      }
    }
    keyedBackend = backend;
    return backend;
  }

  /**
   * The timers of a keyed operator, restored from the last checkpoint (those of this subtask's key
   * groups). {@code namespaceSerializer} writes the timers' namespaces in checkpoints; null when
   * unknown, which is refused when checkpoints are on.
   */
  @SuppressWarnings("unchecked")
  public <K> TimerService<K> createTimerService(KeyedStateBackend<K> backend, TypeSerializer<?> namespaceSerializer,
      TimerCallback<K> callback) {
    if (namespaceSerializer == null && (CheckpointOptions.enabledIn(configuration) || !restore.timers().isEmpty())) {
      throw new IllegalStateException("'" + operatorName + "' has timers whose namespace (window) type Weft cannot"
          + " write to a checkpoint; only TimeWindow and GlobalWindow windows can be checkpointed");
    }
    TimerService<K> timers = new TimerService<>(processingTimeService, backend::setCurrentKey, callback);
    timerNamespaceSerializer = (TypeSerializer<Object>) namespaceSerializer;
    if (!restore.timers().isEmpty()) {
      if (backend.keySerializer() == null) {
        throw new IllegalStateException("'" + operatorName + "' has timers to restore, but the type of its key"
            + " is unknown: declare it with keyBy(selector, type)");
      }
      try {
        TimerSnapshot.Restored<K> r = TimerSnapshot.read(restore.timers(), backend.keyGroupRange(),
            backend.keySerializer(), timerNamespaceSerializer, new org.apache.hadoop.conf.Configuration());
        timers.restore(r.watermark(), r.event(), r.processing());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot restore the timers of '" + operatorName + "': " + e.getMessage(), e);
      }
    }
    timerService = timers;
    return timers;
  }

  /** The synchronous part of a checkpoint of this operator's timers, or null when it has none. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public AsyncSnapshot<KeyedStateHandle> snapshotTimers(long checkpointId, CheckpointStorage storage) {
    if (timerService == null) {
      return null;
    }
    TimerSnapshot.Copy copy = timerService.copyTimers();
    if (copy.event().isEmpty() && copy.processing().isEmpty()) {
      return null;
    }
    if (keyedBackend == null || keyedBackend.keySerializer() == null || timerNamespaceSerializer == null) {
      throw new IllegalStateException("the timers of '" + operatorName + "' cannot be checkpointed: their key or"
          + " namespace type is unknown");
    }
    return TimerSnapshot.upload(copy, checkpointId, storage, keyedBackend.keyGroupRange(), maxParallelism,
        (TypeSerializer) keyedBackend.keySerializer(), timerNamespaceSerializer);
  }

  /**
   * The operator state of this subtask's user function ({@code CheckpointedFunction}), restored
   * from the lists redistributed to it; created on first use.
   */
  public OperatorStateBackend operatorStateBackend() {
    if (operatorStateBackend == null) {
      try {
        operatorStateBackend = StateBackendFactory.createOperatorBackend(
            restore.isRestored() ? restore.functionState() : null, new org.apache.hadoop.conf.Configuration());
      } catch (Exception e) {
        throw new IllegalStateException("cannot restore the operator state of '" + operatorName + "': " + e, e);
      }
    }
    return operatorStateBackend;
  }

  /** The operator state backend if {@link #operatorStateBackend()} created one, else null: what a checkpoint snapshots. */
  public OperatorStateBackend operatorStateBackendIfCreated() {
    return operatorStateBackend;
  }

  @Override
  public int attemptNumber() {
    return attemptNumber;
  }

  /** The state to start from. */
  public OperatorRestore restore() {
    return restore;
  }

  /** The type of the operator's input elements, or null if unknown. */
  public TypeInfo<?> inputType() {
    return inputType;
  }

  /** The type of a two-input operator's second input elements, or null if unknown (or one input). */
  public TypeInfo<?> secondInputType() {
    return secondInputType;
  }

  /** Set by whoever builds the context of a two-input operator (the task, a test harness). */
  public void setSecondInputType(TypeInfo<?> type) {
    this.secondInputType = type;
  }

  /** Actions for the task's thread from other threads (async results, their timeouts); set by the task or harness. */
  public MailboxExecutor mailboxExecutor() {
    if (mailboxExecutor == null) {
      throw new IllegalStateException("'" + operatorName + "' needs the task's mailbox, which nobody gave it");
    }
    return mailboxExecutor;
  }

  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    this.mailboxExecutor = mailboxExecutor;
  }

  /** Set by the task before the operator is set up: the operator's metric group and its built-in figures. */
  public void setMetrics(io.weft.worker.metrics.OperatorMetricGroup metrics) {
    this.metrics = metrics;
  }

  /** The operator's built-in figures, or null outside a task (test harnesses). */
  public io.weft.worker.metrics.OperatorMetricGroup metrics() {
    return metrics;
  }

  @Override
  public io.weft.api.metrics.MetricGroup metricGroup() {
    return metrics != null ? metrics.group() : new io.weft.api.metrics.UnregisteredMetricsGroup();
  }

  /**
   * Whether the operator's keyed state uses the slot's managed memory (a RocksDB backend; the
   * slot's figure is the one shared cache's usage, {@link SlotBudget#managedUsedBytes()}).
   */
  public boolean usesManagedMemory() {
    KeyedStateBackend<?> backend = keyedBackend;
    return backend != null && !(backend instanceof HeapKeyedStateBackend);
  }

  /** The managed memory the slot of a RocksDB operator holds now (shared by the slot's operators); 0 on the heap. */
  public long managedMemoryInUse() {
    return usesManagedMemory() ? slotBudget.managedUsedBytes() : 0;
  }

  /** The keyed state backend this operator created, or null: what a checkpoint snapshots. */
  public KeyedStateBackend<?> keyedStateBackend() {
    return keyedBackend;
  }
}
