package io.weft.worker.taskmanager;

import io.weft.core.checkpoint.CheckpointMetadata;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.worker.operators.OperatorRestore;
import io.weft.worker.task.TaskStateSnapshot;
import io.weft.worker.task.TaskWiring.SubtaskId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Turns a checkpoint's metadata into what each subtask starts from: an operator's keyed state is
 * every handle of that operator (the backend keeps its key groups, so this works at another
 * parallelism too); an operator's own state (a source's position, a sink's pending files) is its
 * own subtask's.
 */
final class CheckpointRestore {
  private CheckpointRestore() {}

  /** Subtask to node id to state; empty for an empty path (a fresh start). */
  static Map<SubtaskId, Map<Integer, OperatorRestore>> read(String metadataPath, JobGraph graph) throws IOException {
    if (metadataPath == null || metadataPath.isEmpty()) {
      return Map.of();
    }
    Path path = new Path(metadataPath);
    CheckpointMetadata metadata;
    try (InputStream in = path.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(path)) {
      metadata = CheckpointMetadata.read(in, metadataPath);
    }
    Map<Integer, List<KeyedStateHandle>> keyedByNode = new HashMap<>();
    Map<SubtaskId, Map<Integer, byte[]>> positions = new HashMap<>();
    for (CheckpointMetadata.SubtaskState s : metadata.subtasks()) {
      for (TaskStateSnapshot.OperatorState o : TaskStateSnapshot.fromBytes(s.state()).operators()) {
        if (o.keyed() != null) {
          keyedByNode.computeIfAbsent(o.nodeId(), n -> new ArrayList<>()).add(o.keyed());
        }
        if (o.operatorState() != null) {
          positions.computeIfAbsent(new SubtaskId(s.vertexId(), s.subtaskIndex()), k -> new HashMap<>())
              .put(o.nodeId(), o.operatorState());
        }
      }
    }
    Map<SubtaskId, Map<Integer, OperatorRestore>> result = new HashMap<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        SubtaskId id = new SubtaskId(v.id(), i);
        Map<Integer, OperatorRestore> byNode = new HashMap<>();
        for (var node : v.operators()) {
          List<KeyedStateHandle> keyed = keyedByNode.getOrDefault(node.id(), List.of());
          byte[] position = positions.getOrDefault(id, Map.of()).get(node.id());
          if (!keyed.isEmpty() || position != null) {
            byNode.put(node.id(), new OperatorRestore(keyed, position));
          }
        }
        result.put(id, byNode);
      }
    }
    return result;
  }
}
