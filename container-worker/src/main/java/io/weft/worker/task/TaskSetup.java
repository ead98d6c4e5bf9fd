package io.weft.worker.task;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.plan.StreamEdge;
import io.weft.dataplane.channel.InputChannel;
import io.weft.dataplane.channel.OutputChannel;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.worker.operators.OperatorRestore;
import java.util.List;
import java.util.Map;

/**
 * Everything a subtask needs to run: which task and subtask it is, its own copies of the
 * operators' specs, the channels it reads and writes, the network buffer pools of its remote
 * channels (the task destroys them when it ends), and the state each operator (by node id)
 * starts from.
 */
public record TaskSetup(
    String jobId,
    JobVertex vertex,
    int subtaskIndex,
    Configuration configuration,
    RuntimeMode runtimeMode,
    Map<Integer, OperatorSpec> specs,
    List<InputChannel> inputChannels,
    Map<StreamEdge, List<OutputChannel>> outputChannels,
    List<LocalBufferPool> bufferPools,
    Map<Integer, OperatorRestore> restore,
    int attemptNumber,
    ClassLoader userClassLoader) {

  /** "Map -> Filter (2/4)", as logs and failures name a subtask. */
  public String taskName() {
    return vertex.name() + " (" + (subtaskIndex + 1) + "/" + vertex.parallelism() + ")";
  }
}
