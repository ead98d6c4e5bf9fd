package io.weft.appmaster.rescale;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.StreamNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rescale as asked: a parallelism for every task ({@code -p}, 0 to keep each task's) and per task
 * ({@code --vertex NAME=N}), where NAME is the task's id, its name as the UI shows it, or the name or
 * uid of one of its operators.
 */
public record RescaleRequest(int parallelism, Map<String, Integer> vertices) {
  public RescaleRequest {
    if (parallelism < 0) {
      throw new IllegalArgumentException("-p " + parallelism + ": the parallelism must be at least 1");
    }
    vertices = Map.copyOf(vertices);
    for (Map.Entry<String, Integer> e : vertices.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("--vertex " + e.getKey() + "=" + e.getValue()
            + ": the parallelism must be at least 1");
      }
    }
    if (parallelism == 0 && vertices.isEmpty()) {
      throw new IllegalArgumentException("a rescale needs -p N (every task) or --vertex NAME=N (one task)");
    }
  }

  /**
   * The new parallelism of every task of {@code current}, by vertex id.
   *
   * @throws IllegalArgumentException naming a task that is not in the plan or is named ambiguously
   */
  public Map<Integer, Integer> resolve(JobGraph current) {
    Map<Integer, Integer> target = new LinkedHashMap<>();
    for (JobVertex v : current.vertices()) {
      target.put(v.id(), parallelism > 0 ? parallelism : v.parallelism());
    }
    for (Map.Entry<String, Integer> e : vertices.entrySet()) {
      target.put(vertexNamed(current, e.getKey()).id(), e.getValue());
    }
    return target;
  }

  private static JobVertex vertexNamed(JobGraph graph, String name) {
    List<JobVertex> matches = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      if (String.valueOf(v.id()).equals(name) || v.name().equals(name) || hasOperator(v, name)) {
        matches.add(v);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    List<String> names = graph.vertices().stream().map(v -> v.id() + " (" + v.name() + ")").toList();
    throw new IllegalArgumentException("--vertex " + name + ": " + (matches.isEmpty() ? "no task" : matches.size()
        + " tasks") + " of job '" + graph.jobName() + "' by that id, name or operator name/uid; its tasks are " + names);
  }

  private static boolean hasOperator(JobVertex v, String name) {
    for (StreamNode n : v.operators()) {
      if (n.name().equals(name) || name.equals(n.uid())) {
        return true;
      }
    }
    return false;
  }
}
