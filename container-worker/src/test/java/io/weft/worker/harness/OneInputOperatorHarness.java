package io.weft.worker.harness;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.KeySelector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.functions.ProcessFunction;
import io.weft.core.config.Configuration;
import io.weft.core.plan.KeyGroups;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.operators.KeyedProcessOperator;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.Operators;
import io.weft.worker.operators.ProcessOperator;
import io.weft.worker.operators.StreamOperator;
import io.weft.worker.timers.TimerService;

/**
 * Runs one {@link StreamOperator} without a task: the test feeds elements, watermarks and
 * processing time by hand, on its own thread, and reads back everything the operator emitted.
 *
 * <p>The operator gets an {@link OperatorContext} for subtask 0 of 1 (change with the
 * {@code with...} methods before {@link #open()}) and a {@link ManualProcessingTimeService}: processing
 * time only moves with {@link #setProcessingTime}, which fires due processing-time timers
 * synchronously and in order.
 *
 * <p>Keyed operators are reached through the public no-argument methods {@code keyedState()}
 * (a {@link KeyedStateBackend}) and {@code timers()} (a {@link TimerService}) that they expose, as
 * {@link KeyedProcessOperator} does.
 */
public final class OneInputOperatorHarness<IN, OUT> extends AbstractOperatorHarness<OUT> {

  /** A main-output element with its timestamp ({@link StreamRecord#NO_TIMESTAMP} if none). */
  public record Emitted<T>(T value, long timestamp) {
    public boolean hasTimestamp() {
      return timestamp != StreamRecord.NO_TIMESTAMP;
    }
  }

  /** A side-output element. */
  public record SideEmitted<T>(OutputTag<T> tag, T value, long timestamp) {}

  private final StreamOperator<IN, OUT> operator;
  private final ManualProcessingTimeService clock = new ManualProcessingTimeService(0);
  private String operatorName = "test-operator";
  private int subtaskIndex = 0;
  private int parallelism = 1;
  private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
  private RuntimeMode runtimeMode = RuntimeMode.STREAMING;
  private Configuration configuration = new Configuration();
  private io.weft.worker.operators.OperatorRestore restore = io.weft.worker.operators.OperatorRestore.NONE;
  private io.weft.core.types.TypeInfo<?> inputType;
  private OperatorContext context;
  /** The operator's mailbox actions (async results, their timeouts); they run in {@link #runMails()}. */
  private final io.weft.worker.operators.MailboxExecutor mailbox =
      new io.weft.worker.operators.MailboxExecutor(null, clock::scheduleAt);

  public OneInputOperatorHarness(StreamOperator<IN, OUT> operator) {
    this.operator = operator;
  }

  /** A harness for the operator the runtime would create for {@code spec}. */
  @SuppressWarnings("unchecked")
  public static <IN, OUT> OneInputOperatorHarness<IN, OUT> forSpec(OperatorSpec spec) {
    return new OneInputOperatorHarness<>((StreamOperator<IN, OUT>) Operators.create(spec));
  }

  public static <K, IN, OUT> OneInputOperatorHarness<IN, OUT> forKeyedProcess(KeySelector<IN, K> key,
      KeyedProcessFunction<K, IN, OUT> function) {
    return new OneInputOperatorHarness<>(new KeyedProcessOperator<>(key, function));
  }

  public static <IN, OUT> OneInputOperatorHarness<IN, OUT> forProcess(ProcessFunction<IN, OUT> function) {
    return new OneInputOperatorHarness<>(new ProcessOperator<>(function));
  }

  // ---- settings, before open() ----

  /** Runs the operator as subtask {@code subtaskIndex} of {@code parallelism}. */
  public OneInputOperatorHarness<IN, OUT> withParallelism(int parallelism, int subtaskIndex) {
    checkNotOpen();
    if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
      throw new IllegalArgumentException("subtask " + subtaskIndex + " does not exist at parallelism " + parallelism);
    }
    this.parallelism = parallelism;
    this.subtaskIndex = subtaskIndex;
    return this;
  }

  public OneInputOperatorHarness<IN, OUT> withMaxParallelism(int maxParallelism) {
    checkNotOpen();
    this.maxParallelism = maxParallelism;
    return this;
  }

  public OneInputOperatorHarness<IN, OUT> withRuntimeMode(RuntimeMode runtimeMode) {
    checkNotOpen();
    this.runtimeMode = runtimeMode;
    return this;
  }

  public OneInputOperatorHarness<IN, OUT> withConfiguration(Configuration configuration) {
    checkNotOpen();
    this.configuration = new Configuration(configuration);
    return this;
  }

  public OneInputOperatorHarness<IN, OUT> withOperatorName(String operatorName) {
    checkNotOpen();
    this.operatorName = operatorName;
    return this;
  }

  /** Starts the operator from {@code restore} (e.g. operator state a {@link #snapshotOperatorState} took). */
  public OneInputOperatorHarness<IN, OUT> withRestore(io.weft.worker.operators.OperatorRestore restore) {
    checkNotOpen();
    this.restore = restore;
    return this;
  }

  /** The type of the input elements, for operators that write them to state. */
  public OneInputOperatorHarness<IN, OUT> withInputType(io.weft.core.types.TypeInfo<IN> inputType) {
    checkNotOpen();
    this.inputType = inputType;
    return this;
  }

  /** Sets the processing time the operator sees from open() on. */
  public OneInputOperatorHarness<IN, OUT> withInitialProcessingTime(long time) {
    checkNotOpen();
    clock.setCurrentTime(time);
    return this;
  }

  // ---- life cycle and input ----

  /** Sets the operator up with its context and the recording output, and opens it. */
  public OneInputOperatorHarness<IN, OUT> open() throws Exception {
    checkNotOpen();
    if (parallelism > maxParallelism) {
      throw new IllegalStateException("parallelism " + parallelism + " above max parallelism " + maxParallelism);
    }
    context = new OperatorContext("test-job", operatorName,
        operatorName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")", subtaskIndex, parallelism,
        maxParallelism, configuration, runtimeMode, clock, null, inputType, restore, 0,
        io.weft.worker.memory.TaskManagerResources.of(configuration).slotBudget());
    context.setMailboxExecutor(mailbox);
    operator.setup(context, recordingOutput());
    opened = true;
    operator.open();
    return this;
  }

  /** Processes an element without a timestamp. */
  public void processElement(IN value) throws Exception {
    processElement(value, StreamRecord.NO_TIMESTAMP);
  }

  public void processElement(IN value, long timestamp) throws Exception {
    checkOpen();
    operator.processElement(new StreamRecord<>(value, timestamp));
  }

  public void processWatermark(long watermark) throws Exception {
    checkOpen();
    operator.processWatermark(watermark);
  }

  /** Tells the operator its input became idle or active again. */
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    checkOpen();
    operator.processWatermarkStatus(status);
  }

  /** Moves processing time forward; fires due processing-time timers on this thread, in order. */
  public void setProcessingTime(long time) {
    checkOpen();
    clock.setCurrentTime(time);
  }

  public long processingTime() {
    return clock.now();
  }

  /**
   * Runs the operator's mailbox actions queued so far (and those they queue), on this thread, as
   * the task's loop would between elements.
   */
  public void runMails() {
    checkOpen();
    mailbox.runPending();
  }

  /**
   * What a checkpoint takes of the operator's operator state: its function's and its own lists
   * (an async operator's in-flight records), uploaded to {@code storage}; null when it has none.
   */
  public io.weft.state.operator.OperatorStateHandle snapshotOperatorState(long checkpointId,
      io.weft.state.snapshot.CheckpointStorage storage) throws Exception {
    checkOpen();
    operator.snapshotFunctionState(checkpointId, clock.now());
    io.weft.state.operator.OperatorStateBackend backend = context.operatorStateBackendIfCreated();
    return backend == null ? null : backend.snapshot(checkpointId, storage).upload();
  }

  /** The input has ended: calls the operator's finish(). */
  public void endInput() throws Exception {
    checkOpen();
    operator.finish();
  }

  /** Closes the operator (once; later calls do nothing). */
  @Override
  public void close() throws Exception {
    if (opened && !closed) {
      closed = true;
      operator.close();
    }
  }

  public StreamOperator<IN, OUT> operator() {
    return operator;
  }

  @Override
  protected Object operatorUnderTest() {
    return operator;
  }
}
