package io.weft.worker.task;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.plan.StreamEdge;
import io.weft.dataplane.local.LocalChannel;
import java.util.List;
import java.util.Map;

/**
 * Everything a subtask needs to run: which task and subtask it is, its own copies of the
 * operators' specs, and the channels it reads and writes.
 */
public record TaskSetup(
    String jobId,
    JobVertex vertex,
    int subtaskIndex,
    Configuration configuration,
    RuntimeMode runtimeMode,
    Map<Integer, OperatorSpec> specs,
    List<LocalChannel> inputChannels,
    Map<StreamEdge, List<LocalChannel>> outputChannels,
    ClassLoader userClassLoader) {

  /** "Map -> Filter (2/4)", as logs and failures name a subtask. */
  public String taskName() {
    return vertex.name() + " (" + (subtaskIndex + 1) + "/" + vertex.parallelism() + ")";
  }
}
