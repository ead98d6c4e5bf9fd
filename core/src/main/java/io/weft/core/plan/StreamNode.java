package io.weft.core.plan;

import java.io.Serializable;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/** An operator of the stream graph with its resolved parallelism and its edges. */
public final class StreamNode implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int id;
  private final String name;
  private final String uid;
  private final OperatorSpec spec;
  /** Not final: {@link JobGraph#rescaled} sets it on its own copy of the plan, never on a shared one. */
  private int parallelism;
  private final int maxParallelism;
  private final TypeInfo<?> outputType;
  private final boolean chainable;
  final List<StreamEdge> inEdges = new ArrayList<>();
  final List<StreamEdge> outEdges = new ArrayList<>();

  StreamNode(int id, String name, String uid, OperatorSpec spec, int parallelism, int maxParallelism,
      TypeInfo<?> outputType, boolean chainable) {
    this.id = id;
    this.name = name;
    this.uid = uid;
    this.spec = spec;
    this.parallelism = parallelism;
    this.maxParallelism = maxParallelism;
    this.outputType = outputType;
    this.chainable = chainable;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The user-given stable id, or null. */
  public String uid() {
    return uid;
  }

  public OperatorSpec spec() {
    return spec;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Only for {@link JobGraph#rescaled}, on a private copy. */
  void rescale(int newParallelism) {
    this.parallelism = newParallelism;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  public TypeInfo<?> outputType() {
    return outputType;
  }

  public boolean chainable() {
    return chainable;
  }

  public List<StreamEdge> inEdges() {
    return inEdges;
  }

  public List<StreamEdge> outEdges() {
    return outEdges;
  }

  public boolean isSource() {
    return spec instanceof OperatorSpec.SourceSpec;
  }

  @Override
  public String toString() {
    return name + "#" + id + "(p=" + parallelism + ")";
  }
}
