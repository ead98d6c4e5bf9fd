package io.weft.worker.harness;

import io.weft.core.config.Configuration;
import io.weft.core.plan.KeyGroups;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.types.TypeInfo;
import io.weft.dataplane.element.StreamRecord;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.Operators;
import io.weft.worker.operators.TwoInputStreamOperator;

/**
 * Runs one {@link TwoInputStreamOperator} without a task, as {@link OneInputOperatorHarness} does
 * for one input. Watermarks are given per input, as a task sees them: the operator gets the
 * smaller of both inputs' latest watermarks whenever that minimum advances (an input that has
 * none yet holds event time at Long.MIN_VALUE, as in a task).
 */
public final class TwoInputOperatorHarness<IN1, IN2, OUT> extends AbstractOperatorHarness<OUT> {
  private final TwoInputStreamOperator<IN1, IN2, OUT> operator;
  private final ManualProcessingTimeService clock = new ManualProcessingTimeService(0);
  private String operatorName = "test-operator";
  private int subtaskIndex = 0;
  private int parallelism = 1;
  private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
  private Configuration configuration = new Configuration();
  private TypeInfo<?> inputType1;
  private TypeInfo<?> inputType2;
  private long watermark1 = Long.MIN_VALUE;
  private long watermark2 = Long.MIN_VALUE;
  private long combined = Long.MIN_VALUE;

  public TwoInputOperatorHarness(TwoInputStreamOperator<IN1, IN2, OUT> operator) {
    this.operator = operator;
  }

  /** A harness for the operator the runtime would create for {@code spec}. */
  @SuppressWarnings("unchecked")
  public static <IN1, IN2, OUT> TwoInputOperatorHarness<IN1, IN2, OUT> forSpec(OperatorSpec spec) {
    return new TwoInputOperatorHarness<>((TwoInputStreamOperator<IN1, IN2, OUT>) Operators.create(spec));
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withParallelism(int parallelism, int subtaskIndex) {
    checkNotOpen();
    this.parallelism = parallelism;
    this.subtaskIndex = subtaskIndex;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withMaxParallelism(int maxParallelism) {
    checkNotOpen();
    this.maxParallelism = maxParallelism;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withConfiguration(Configuration configuration) {
    checkNotOpen();
    this.configuration = new Configuration(configuration);
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withOperatorName(String operatorName) {
    checkNotOpen();
    this.operatorName = operatorName;
    return this;
  }

  /** The element types of both inputs, for operators that keep elements in state. */
  public TwoInputOperatorHarness<IN1, IN2, OUT> withInputTypes(TypeInfo<IN1> first, TypeInfo<IN2> second) {
    checkNotOpen();
    this.inputType1 = first;
    this.inputType2 = second;
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> withInitialProcessingTime(long time) {
    checkNotOpen();
    clock.setCurrentTime(time);
    return this;
  }

  public TwoInputOperatorHarness<IN1, IN2, OUT> open() throws Exception {
    checkNotOpen();
    OperatorContext context = new OperatorContext("test-job", operatorName,
        operatorName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")", subtaskIndex, parallelism,
        maxParallelism, configuration, RuntimeMode.STREAMING, clock, null, inputType1,
        io.weft.worker.operators.OperatorRestore.NONE, 0,
        io.weft.worker.memory.TaskManagerResources.of(configuration).slotBudget());
    context.setSecondInputType(inputType2);
    operator.setup(context, recordingOutput());
    opened = true;
    operator.open();
    return this;
  }

  public void processElement1(IN1 value) throws Exception {
    processElement1(value, StreamRecord.NO_TIMESTAMP);
  }

  public void processElement1(IN1 value, long timestamp) throws Exception {
    checkOpen();
    operator.processElement1(new StreamRecord<>(value, timestamp));
  }

  public void processElement2(IN2 value) throws Exception {
    processElement2(value, StreamRecord.NO_TIMESTAMP);
  }

  public void processElement2(IN2 value, long timestamp) throws Exception {
    checkOpen();
    operator.processElement2(new StreamRecord<>(value, timestamp));
  }

  /** Input 1's watermark; the operator sees the smaller of both inputs' once it advances. */
  public void processWatermark1(long watermark) throws Exception {
    checkOpen();
    watermark1 = Math.max(watermark1, watermark);
    advance();
  }

  public void processWatermark2(long watermark) throws Exception {
    checkOpen();
    watermark2 = Math.max(watermark2, watermark);
    advance();
  }

  /** Both inputs' watermark at once. */
  public void processBothWatermarks(long watermark) throws Exception {
    checkOpen();
    watermark1 = Math.max(watermark1, watermark);
    watermark2 = Math.max(watermark2, watermark);
    advance();
  }

  private void advance() throws Exception {
    long min = Math.min(watermark1, watermark2);
    if (min > combined) {
      combined = min;
      operator.processWatermark(min);
    }
  }

  public void setProcessingTime(long time) {
    checkOpen();
    clock.setCurrentTime(time);
  }

  /** Both inputs have ended: calls the operator's finish(). */
  public void endInputs() throws Exception {
    checkOpen();
    operator.finish();
  }

  @Override
  public void close() throws Exception {
    if (opened && !closed) {
      closed = true;
      operator.close();
    }
  }

  public TwoInputStreamOperator<IN1, IN2, OUT> operator() {
    return operator;
  }

  @Override
  protected Object operatorUnderTest() {
    return operator;
  }
}
