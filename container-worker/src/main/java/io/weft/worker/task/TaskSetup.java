package io.weft.worker.task;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.plan.StreamEdge;
import io.weft.dataplane.channel.InputChannel;
import io.weft.dataplane.channel.OutputChannel;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.worker.memory.SlotBudget;
import io.weft.worker.operators.OperatorRestore;
import java.util.List;
import java.util.Map;

/**
 * Everything a subtask needs to run: which task and subtask it is, its own copies of the
 * operators' specs, the channels it reads and writes, the network buffer pools of its remote
 * channels (the task destroys them when it ends), the state each operator (by node id)
 * starts from, for each input channel the input of a two-input head it feeds (1 or 2; 0 for
 * a one-input head), and the budget of the slot it runs in (managed memory, local directories).
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
    ClassLoader userClassLoader,
    List<Integer> inputSides,
    SlotBudget slotBudget) {

  /** A setup whose input channels all feed one input (side 0). */
  public TaskSetup(String jobId, JobVertex vertex, int subtaskIndex, Configuration configuration,
      RuntimeMode runtimeMode, Map<Integer, OperatorSpec> specs, List<InputChannel> inputChannels,
      Map<StreamEdge, List<OutputChannel>> outputChannels, List<LocalBufferPool> bufferPools,
      Map<Integer, OperatorRestore> restore, int attemptNumber, ClassLoader userClassLoader, SlotBudget slotBudget) {
    this(jobId, vertex, subtaskIndex, configuration, runtimeMode, specs, inputChannels, outputChannels, bufferPools,
        restore, attemptNumber, userClassLoader, java.util.Collections.nCopies(inputChannels.size(), 0), slotBudget);
  }

  public TaskSetup {
    if (slotBudget == null) {
      throw new IllegalArgumentException("subtask " + subtaskIndex + " of " + vertex.name() + " has no slot budget");
    }
    if (inputSides.size() != inputChannels.size()) {
      throw new IllegalArgumentException(inputChannels.size() + " input channels but " + inputSides.size()
          + " input sides");
    }
  }

  /** "Map -> Filter (2/4)", as logs and failures name a subtask. */
  public String taskName() {
    return vertex.name() + " (" + (subtaskIndex + 1) + "/" + vertex.parallelism() + ")";
  }
}
