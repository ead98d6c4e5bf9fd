package io.weft.worker.operators.co;

import io.weft.api.datastream.OutputTag;
import io.weft.api.functions.co.BaseBroadcastProcessFunction;
import io.weft.api.functions.co.BroadcastProcessFunction;
import io.weft.api.state.BroadcastState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReadOnlyBroadcastState;
import io.weft.core.plan.TwoInputSpecs.BroadcastProcessSpec;
import io.weft.dataplane.element.StreamRecord;

/**
 * Runs a {@link BroadcastProcessFunction}: input 1 (any partitioning) reads the broadcast state,
 * input 2 (broadcast to every subtask) changes it. The broadcast state is this operator's own
 * checkpointed state.
 */
public final class BroadcastProcessOperator<I1, I2, O> extends AbstractTwoInputOperator<I1, I2, O> {
  private final BroadcastProcessFunction<I1, I2, O> function;
  private final BroadcastProcessSpec<I1, I2, O> spec;
  private final Contexts ctx = new Contexts();
  private BroadcastStates states;

  public BroadcastProcessOperator(BroadcastProcessSpec<I1, I2, O> spec) {
    super(spec.function());
    this.spec = spec;
    this.function = spec.function();
  }

  @Override
  public void open() throws Exception {
    states = new BroadcastStates(context.operatorName(), spec.descriptors());
    states.restore(context.restore());
    super.open();
  }

  @Override
  public void processElement1(StreamRecord<I1> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.processElement(record.getValue(), ctx.readOnly, collector);
  }

  @Override
  public void processElement2(StreamRecord<I2> record) throws Exception {
    collector.setTimestamp(record.getTimestamp());
    function.processBroadcastElement(record.getValue(), ctx, collector);
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws Exception {
    return states.snapshot();
  }

  /** The broadcast side's context, with the read-only one for the other side. */
  private final class Contexts implements BaseBroadcastProcessFunction.Context {
    final BaseBroadcastProcessFunction.ReadOnlyContext readOnly = new BaseBroadcastProcessFunction.ReadOnlyContext() {
      @Override
      public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
        return states.readOnly(descriptor);
      }

      @Override
      public Long timestamp() {
        return Contexts.this.timestamp();
      }

      @Override
      public <X> void output(OutputTag<X> tag, X value) {
        Contexts.this.output(tag, value);
      }

      @Override
      public long currentProcessingTime() {
        return Contexts.this.currentProcessingTime();
      }

      @Override
      public long currentWatermark() {
        return Contexts.this.currentWatermark();
      }
    };

    @Override
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
      return states.get(descriptor);
    }

    @Override
    public Long timestamp() {
      return timestampOrNull();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      emitToSide(tag, value, collector.timestamp);
    }

    @Override
    public long currentProcessingTime() {
      return context.processingTimeService().now();
    }

    @Override
    public long currentWatermark() {
      return currentWatermark;
    }
  }
}
