package io.weft.core.plan;

import java.io.Serializable;
import io.weft.api.datastream.OutputTag;

/**
 * A connection from one operator's output (its main output, or one side output) to another's
 * input, with the partitioning between their subtasks.
 */
public final class StreamEdge implements Serializable {
  private static final long serialVersionUID = 1L;
  private final StreamNode source;
  private final StreamNode target;
  private final Partitioning partitioning;
  private final OutputTag<?> sideOutputTag;

  StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, OutputTag<?> sideOutputTag) {
    this.source = source;
    this.target = target;
    this.partitioning = partitioning;
    this.sideOutputTag = sideOutputTag;
  }

  public StreamNode source() {
    return source;
  }

  public StreamNode target() {
    return target;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  /** The side output this edge carries, or null for the main output. */
  public OutputTag<?> sideOutputTag() {
    return sideOutputTag;
  }

  @Override
  public String toString() {
    return source + " -" + partitioning + (sideOutputTag == null ? "" : "[" + sideOutputTag.getId() + "]")
        + "-> " + target;
  }
}
