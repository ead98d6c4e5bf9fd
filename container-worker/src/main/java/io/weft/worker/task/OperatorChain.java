package io.weft.worker.task;

import io.weft.api.datastream.OutputTag;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.dataplane.element.StreamRecord;
import io.weft.dataplane.element.Watermark;
import io.weft.dataplane.element.WatermarkStatus;
import io.weft.dataplane.partition.RecordWriter;
import io.weft.worker.metrics.OperatorMetricGroup;
import io.weft.worker.operators.OperatorContext;
import io.weft.worker.operators.Operators;
import io.weft.worker.operators.Output;
import io.weft.worker.operators.StreamOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operators of one task, wired together: a chained operator receives each element by a
 * direct call; an operator with a network edge writes to that edge's {@link RecordWriter}.
 */
final class OperatorChain {
  private final List<StreamOperator<?, ?>> operators = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final StreamOperator<?, ?> head;

  OperatorChain(JobVertex vertex, Map<Integer, OperatorSpec> specs, Map<StreamEdge, RecordWriter> writers,
      Function<StreamNode, OperatorContext> contexts) {
    Map<Integer, StreamOperator<?, ?>> byNode = new HashMap<>();
    Map<Integer, OperatorMetricGroup> metricsOf = new HashMap<>();
    List<StreamNode> nodes = vertex.operators();
    // Tail first, so that every chained target exists when its upstream's output is built.
    for (int i = nodes.size() - 1; i >= 0; i--) {
      StreamNode node = nodes.get(i);
      StreamOperator<?, ?> op = Operators.create(specs.get(node.id()));
      OperatorContext context = contexts.apply(node);
      metricsOf.put(node.id(), context.metrics());
      op.setup(context, outputOf(node, byNode, writers, metricsOf));
      byNode.put(node.id(), op);
    }
    for (StreamNode node : nodes) {
      operators.add(byNode.get(node.id()));
      names.add(node.name());
    }
    head = operators.get(0);
    metrics = metricsOf.values().stream().filter(java.util.Objects::nonNull).toArray(OperatorMetricGroup[]::new);
  }

  /** Publishes the operators' record counts (see {@link OperatorMetricGroup#publish()}); the task's thread only. */
  void publishCounts() {
    for (OperatorMetricGroup m : metrics) {
      m.publish();
    }
  }

  /** The operators' metric groups (none outside a task). */
  private final OperatorMetricGroup[] metrics;

  /** The operators in the order of the vertex's nodes ({@code vertex.operators()}). */
  List<StreamOperator<?, ?>> operators() {
    return operators;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Output outputOf(StreamNode node, Map<Integer, StreamOperator<?, ?>> byNode,
      Map<StreamEdge, RecordWriter> writers, Map<Integer, OperatorMetricGroup> metricsOf) {
    List<Output<?>> main = new ArrayList<>();
    Map<OutputTag<?>, List<Output<?>>> side = new HashMap<>();
    for (StreamEdge edge : node.outEdges()) {
      Output<?> target = JobGraph.isChainable(edge)
          ? new ChainingOutput(byNode.get(edge.target().id()), edge.target().name(), metricsOf.get(edge.target().id()))
          : new WriterOutput(writers.get(edge));
      if (edge.sideOutputTag() == null) {
        main.add(target);
      } else {
        side.computeIfAbsent(edge.sideOutputTag(), t -> new ArrayList<>()).add(target);
      }
    }
    OperatorMetricGroup own = metricsOf.get(node.id());
    return own == null ? new RoutingOutput(main, side) : new CountingOutput(new RoutingOutput(main, side), own);
  }

  StreamOperator<?, ?> head() {
    return head;
  }

  String headName() {
    return names.get(0);
  }

  /** Opens tail first, so nothing is emitted into an operator that is not open yet. */
  void open() throws Exception {
    for (int i = operators.size() - 1; i >= 0; i--) {
      try {
        operators.get(i).open();
      } catch (Exception | Error e) {
        throw OperatorException.wrap(names.get(i), e);
      }
    }
  }

  /** In a task deployed as finished, instead of {@link #open}: see {@link StreamOperator#restoreFinished}. */
  void restoreFinished() throws Exception {
    for (int i = operators.size() - 1; i >= 0; i--) {
      try {
        operators.get(i).restoreFinished();
      } catch (Exception | Error e) {
        throw OperatorException.wrap(names.get(i), e);
      }
    }
  }

  /** Finishes head first, so what an operator emits while finishing still reaches the ones after it. */
  void finish() throws Exception {
    for (int i = 0; i < operators.size(); i++) {
      try {
        operators.get(i).finish();
      } catch (Exception | Error e) {
        throw OperatorException.wrap(names.get(i), e);
      }
    }
  }

  /** Closes every operator, even if some fail; returns the first failure, or null. */
  Throwable closeAll() {
    Throwable first = null;
    for (int i = 0; i < operators.size(); i++) {
      try {
        operators.get(i).close();
      } catch (Throwable t) {
        if (first == null) {
          first = OperatorException.wrap(names.get(i), t);
        }
      }
    }
    return first;
  }

  /** Calls the next operator of the chain directly. */
  private static final class ChainingOutput<T> implements Output<T> {
    private final StreamOperator<T, ?> operator;
    private final String name;
    /** The target's figures; null outside a task. */
    private final OperatorMetricGroup metrics;

    ChainingOutput(StreamOperator<T, ?> operator, String name, OperatorMetricGroup metrics) {
      this.operator = operator;
      this.name = name;
      this.metrics = metrics;
    }

    @Override
    public void collect(StreamRecord<T> record) {
      if (metrics != null) {
        metrics.recordIn();
      }
      try {
        operator.processElement(record);
      } catch (Exception | Error e) {
        throw OperatorException.wrap(name, e);
      }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
      throw new IllegalStateException("side outputs are routed before a chained output");
    }

    @Override
    public void emitWatermark(long watermark) {
      if (metrics != null) {
        metrics.inputWatermark(watermark);
      }
      try {
        operator.processWatermark(watermark);
      } catch (Exception | Error e) {
        throw OperatorException.wrap(name, e);
      }
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) {
      try {
        operator.processWatermarkStatus(status);
      } catch (Exception | Error e) {
        throw OperatorException.wrap(name, e);
      }
    }
  }

  /** Writes to a network (or same-JVM) edge. */
  private static final class WriterOutput<T> implements Output<T> {
    private final RecordWriter writer;

    WriterOutput(RecordWriter writer) {
      this.writer = writer;
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
      writer.emit(record.getValue(), record.getTimestamp());
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
      throw new IllegalStateException("side outputs are routed before a writer output");
    }

    @Override
    public void emitWatermark(long watermark) throws Exception {
      writer.broadcastEvent(new Watermark(watermark));
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) throws Exception {
      writer.broadcastEvent(status);
    }
  }

  /** Counts what an operator emits on its main output (numRecordsOut) and its output watermark. */
  private static final class CountingOutput<T> implements Output<T> {
    private final Output<T> out;
    private final OperatorMetricGroup metrics;

    CountingOutput(Output<T> out, OperatorMetricGroup metrics) {
      this.out = out;
      this.metrics = metrics;
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
      metrics.recordOut();
      out.collect(record);
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception {
      out.collect(tag, record);
    }

    @Override
    public void emitWatermark(long watermark) throws Exception {
      metrics.outputWatermark(watermark);
      out.emitWatermark(watermark);
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) throws Exception {
      out.emitWatermarkStatus(status);
    }
  }

  /** An operator's outputs: main output to some targets, each side output to others. */
  private static final class RoutingOutput<T> implements Output<T> {
    private final Output<T>[] main;
    private final Map<OutputTag<?>, Output<?>[]> side = new HashMap<>();

    @SuppressWarnings("unchecked")
    RoutingOutput(List<Output<?>> main, Map<OutputTag<?>, List<Output<?>>> side) {
      this.main = main.toArray(new Output[0]);
      side.forEach((tag, outs) -> this.side.put(tag, outs.toArray(new Output[0])));
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
      for (Output<T> o : main) {
        o.collect(record);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception {
      Output<?>[] targets = side.get(tag);
      if (targets != null) {
        for (Output<?> o : targets) {
          ((Output<X>) o).collect(record);
        }
      }
    }

    @Override
    public void emitWatermark(long watermark) throws Exception {
      for (Output<T> o : main) {
        o.emitWatermark(watermark);
      }
      for (Output<?>[] outs : side.values()) {
        for (Output<?> o : outs) {
          o.emitWatermark(watermark);
        }
      }
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) throws Exception {
      for (Output<T> o : main) {
        o.emitWatermarkStatus(status);
      }
      for (Output<?>[] outs : side.values()) {
        for (Output<?> o : outs) {
          o.emitWatermarkStatus(status);
        }
      }
    }
  }
}
