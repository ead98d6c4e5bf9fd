package io.weft.worker.operators;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.Function;
import io.weft.api.functions.RichFunction;
import io.weft.api.state.CheckpointedFunction;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.state.operator.FunctionContexts;
import java.util.OptionalLong;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.WatermarkStatus;

/**
 * The common parts of operators: the output, a reused output record, the user function's life
 * cycle (a {@link CheckpointedFunction} is initialized before it is opened and snapshotted at
 * each checkpoint), and passing watermarks on.
 */
public abstract class AbstractStreamOperator<IN, OUT> implements StreamOperator<IN, OUT> {
  protected OperatorContext context;
  protected Output<OUT> output;
  protected final StreamRecord<OUT> outRecord = new StreamRecord<>(null);
  private final StreamRecord<Object> sideRecord = new StreamRecord<>(null);
  private final Function userFunction;
  private boolean functionOpened;

  protected AbstractStreamOperator(Function userFunction) {
    this.userFunction = userFunction;
  }

  @Override
  public void setup(OperatorContext context, Output<OUT> output) {
    this.context = context;
    this.output = output;
  }

  @Override
  public void open() throws Exception {
    initializeFunctionState();
    if (userFunction instanceof RichFunction rich) {
      rich.open(createRuntimeContext());
      functionOpened = true;
    }
  }

  /** The user-level object that may be a {@link CheckpointedFunction}; a sink overrides it with its Sink. */
  protected Object checkpointableFunction() {
    return userFunction;
  }

  /**
   * Hands a {@link CheckpointedFunction} its operator state (restored and redistributed), the
   * keyed state of a keyed operator (whose backend must exist by now) and whether the job was
   * restored. Called once, before the function is opened.
   */
  protected void initializeFunctionState() throws Exception {
    if (checkpointableFunction() instanceof CheckpointedFunction f) {
      OperatorRestore restore = context.restore();
      KeyedStateBackend<?> keyed = context.keyedStateBackend();
      f.initializeState(new FunctionContexts.Initialization(
          restore.isRestored() ? OptionalLong.of(restore.checkpointId()) : OptionalLong.empty(),
          context.operatorStateBackend(), keyed == null ? null : keyed.asKeyedStateStore()));
    }
  }

  @Override
  public void snapshotFunctionState(long checkpointId, long timestamp) throws Exception {
    if (checkpointableFunction() instanceof CheckpointedFunction f) {
      f.snapshotState(new FunctionContexts.Snapshot(checkpointId, timestamp));
    }
  }

  /**
   * The context the user function sees, with the keyed state of a keyed operator: the backend it
   * created (before calling this class's open()), or none.
   */
  protected TaskRuntimeContext createRuntimeContext() {
    return new TaskRuntimeContext(context, context.keyedStateBackend());
  }

  @Override
  public void processWatermark(long watermark) throws Exception {
    output.emitWatermark(watermark);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    output.emitWatermarkStatus(status);
  }

  @Override
  public void finish() throws Exception {}

  /**
   * Closes the user function, then, whatever it threw, the keyed state the operator created (all
   * keyed operators' backends are closed here, so none of them overrides this for it).
   */
  @Override
  public void close() throws Exception {
    try {
      if (functionOpened) {
        functionOpened = false;
        ((RichFunction) userFunction).close();
      }
    } finally {
      KeyedStateBackend<?> keyed = context == null ? null : context.keyedStateBackend();
      if (keyed != null) {
        keyed.close();
      }
    }
  }

  /** Emits {@code value} with the timestamp of the element being processed. */
  protected void emit(OUT value, long timestamp) throws Exception {
    output.collect(outRecord.replace(value, timestamp));
  }

  /** {@link #emit}, for user-facing interfaces that cannot declare checked exceptions. */
  protected void emitUnchecked(OUT value, long timestamp) {
    try {
      emit(value, timestamp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new EmitFailedException(e);
    }
  }

  /** Emits to a side output, for user-facing interfaces that cannot declare checked exceptions. */
  @SuppressWarnings("unchecked")
  protected <X> void emitToSide(OutputTag<X> tag, X value, long timestamp) {
    try {
      output.collect(tag, (StreamRecord<X>) sideRecord.replace(value, timestamp));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new EmitFailedException(e);
    }
  }
}
