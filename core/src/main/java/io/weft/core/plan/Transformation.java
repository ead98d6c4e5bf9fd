package io.weft.core.plan;

import io.weft.api.datastream.OutputTag;
import io.weft.core.types.TypeInfo;
import java.util.List;

/**
 * One step of the user's program as the API records it. Operators become nodes of the stream
 * graph; partitionings, unions and side outputs are "virtual" and become properties of edges.
 */
public abstract class Transformation<T> {
  private final int id;
  private String name;
  private String uid;
  private int parallelism = -1;
  private int maxParallelism = -1;
  private TypeInfo<T> outputType;
  private boolean chainingEnabled = true;

  protected Transformation(int id, String name) {
    this.id = id;
    this.name = name;
  }

  public int getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUid() {
    return uid;
  }

  public void setUid(String uid) {
    this.uid = uid;
  }

  /** The parallelism set on this operator, or -1 to take the environment's. */
  public int getParallelism() {
    return parallelism;
  }

  public void setParallelism(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism of '" + name + "' must be at least 1, not " + parallelism);
    }
    this.parallelism = parallelism;
  }

  public int getMaxParallelism() {
    return maxParallelism;
  }

  public void setMaxParallelism(int maxParallelism) {
    if (maxParallelism < 1 || maxParallelism > KeyGroups.UPPER_BOUND_MAX_PARALLELISM) {
      throw new IllegalArgumentException("max parallelism of '" + name + "' must be between 1 and "
          + KeyGroups.UPPER_BOUND_MAX_PARALLELISM + ", not " + maxParallelism);
    }
    this.maxParallelism = maxParallelism;
  }

  /** The element type if known; null where it could not be determined (see returns(...)). */
  public TypeInfo<T> getOutputType() {
    return outputType;
  }

  public void setOutputType(TypeInfo<T> outputType) {
    this.outputType = outputType;
  }

  public boolean isChainingEnabled() {
    return chainingEnabled;
  }

  public void disableChaining() {
    this.chainingEnabled = false;
  }

  public abstract List<Transformation<?>> getInputs();

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + id + ", " + name + "}";
  }

  /** A source or an operator: becomes a node of the stream graph. */
  public static final class OperatorTransformation<T> extends Transformation<T> {
    private final OperatorSpec spec;
    private final List<Transformation<?>> inputs;

    public OperatorTransformation(int id, String name, OperatorSpec spec, List<Transformation<?>> inputs) {
      super(id, name);
      this.spec = spec;
      this.inputs = List.copyOf(inputs);
    }

    public OperatorSpec getSpec() {
      return spec;
    }

    @Override
    public List<Transformation<?>> getInputs() {
      return inputs;
    }
  }

  /** A change of partitioning between the input and whatever consumes this. */
  public static final class PartitionTransformation<T> extends Transformation<T> {
    private final Transformation<T> input;
    private final Partitioning partitioning;

    public PartitionTransformation(int id, Transformation<T> input, Partitioning partitioning) {
      super(id, partitioning.kind().name().toLowerCase());
      this.input = input;
      this.partitioning = partitioning;
      setOutputType(input.getOutputType());
    }

    public Partitioning getPartitioning() {
      return partitioning;
    }

    @Override
    public List<Transformation<?>> getInputs() {
      return List.of(input);
    }
  }

  /** Several streams of the same type read as one. */
  public static final class UnionTransformation<T> extends Transformation<T> {
    private final List<Transformation<?>> inputs;

    public UnionTransformation(int id, List<Transformation<?>> inputs) {
      super(id, "union");
      this.inputs = List.copyOf(inputs);
    }

    @Override
    public List<Transformation<?>> getInputs() {
      return inputs;
    }
  }

  /** The elements an operator emitted to one side output. */
  public static final class SideOutputTransformation<T> extends Transformation<T> {
    private final Transformation<?> input;
    private final OutputTag<T> tag;

    public SideOutputTransformation(int id, Transformation<?> input, OutputTag<T> tag) {
      super(id, "side-output " + tag.getId());
      this.input = input;
      this.tag = tag;
    }

    public OutputTag<T> getTag() {
      return tag;
    }

    @Override
    public List<Transformation<?>> getInputs() {
      return List.of(input);
    }
  }
}
