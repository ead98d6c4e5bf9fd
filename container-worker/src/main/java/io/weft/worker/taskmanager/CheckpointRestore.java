package io.weft.worker.taskmanager;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.state.snapshot.StateAssignment;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.task.TaskWiring.SubtaskId;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Turns a checkpoint's or savepoint's metadata into what each subtask starts from, as
 * {@link StateAssignment} matches it to the job's operators. Every operator of a restored job gets
 * an entry, with state or without, so that it knows it was restored ({@code isRestored()}).
 */
final class CheckpointRestore {
  private CheckpointRestore() {}

  /** Subtask to node id to state; empty for an empty path (a fresh start). */
  static Map<SubtaskId, Map<Integer, OperatorRestore>> read(String metadataPath, JobGraph graph,
      boolean allowUnclaimed) throws IOException {
    if (metadataPath == null || metadataPath.isEmpty()) {
      return Map.of();
    }
    Path path = new Path(metadataPath);
    CheckpointMetadata metadata;
    try (InputStream in = path.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(path)) {
      metadata = CheckpointMetadata.read(in, metadataPath);
    }
    StateAssignment assignment = StateAssignment.of(metadata, graph, allowUnclaimed, metadataPath);
    Map<SubtaskId, Map<Integer, OperatorRestore>> result = new HashMap<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        Map<Integer, StateAssignment.Assigned> assigned = assignment.forSubtask(v, i);
        Map<Integer, OperatorRestore> byNode = new HashMap<>();
        for (var node : v.operators()) {
          StateAssignment.Assigned a = assigned.getOrDefault(node.id(), StateAssignment.Assigned.NONE);
          byNode.put(node.id(), new OperatorRestore(a.keyed(), a.ownState(), a.previousStates(), a.timers(),
              a.functionState(), assignment.checkpointId(), a.finished()));
        }
        result.put(new SubtaskId(v.id(), i), byNode);
      }
    }
    return result;
  }
}
