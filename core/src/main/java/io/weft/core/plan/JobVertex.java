package io.weft.core.plan;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A task of the job: a chain of operators that run in one thread and call each other directly.
 * {@code operators} is in topological order, head first; {@code inputs} are the network edges
 * into the head and {@code outputs} the network edges out of any operator of the chain.
 */
public final class JobVertex implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int id;
  private final List<StreamNode> operators;
  private final List<StreamEdge> inputs;
  private final List<StreamEdge> outputs;

  JobVertex(int id, List<StreamNode> operators, List<StreamEdge> inputs, List<StreamEdge> outputs) {
    this.id = id;
    this.operators = List.copyOf(operators);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
  }

  public int id() {
    return id;
  }

  public StreamNode head() {
    return operators.get(0);
  }

  public List<StreamNode> operators() {
    return operators;
  }

  public List<StreamEdge> inputs() {
    return inputs;
  }

  public List<StreamEdge> outputs() {
    return outputs;
  }

  public int parallelism() {
    return head().parallelism();
  }

  public int maxParallelism() {
    return head().maxParallelism();
  }

  public boolean isSource() {
    return head().isSource();
  }

  /** "Source: numbers -> map -> filter", as people see it in logs and the UI. */
  public String name() {
    return operators.stream().map(StreamNode::name).collect(Collectors.joining(" -> "));
  }

  @Override
  public String toString() {
    return name() + " (p=" + parallelism() + ")";
  }
}
