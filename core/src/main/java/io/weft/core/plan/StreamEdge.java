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
  /** Which input of a two-input target this edge feeds (1 or 2); 0 for a one-input target. */
  private final int inputSide;

  StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, OutputTag<?> sideOutputTag) {
    this(source, target, partitioning, sideOutputTag, 0);
  }

  StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, OutputTag<?> sideOutputTag,
      int inputSide) {
    this.source = source;
    this.target = target;
    this.partitioning = partitioning;
    this.sideOutputTag = sideOutputTag;
    this.inputSide = inputSide;
  }

  /** 1 or 2 when the target has two inputs (connect, joins): the side this edge feeds; else 0. */
  public int inputSide() {
    return inputSide;
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
        + "-> " + target + (inputSide == 0 ? "" : " (input " + inputSide + ")");
  }
}
