package io.weft.worker.local;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.dataplane.local.LocalChannel;
import io.weft.worker.task.SpecCopier;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskSetup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires subtasks of a job that run in the same JVM: a bounded {@link LocalChannel} for every pair
 * of producer and consumer subtask that an edge connects (FORWARD: subtask i to subtask i; every
 * other partitioning: all to all), each subtask's own copy of its operators' specs
 * ({@link SpecCopier}), and one {@link Task} per subtask, not yet started.
 *
 * <p>Used for the whole job by {@link LocalJob} ({@code -m local}) and, on YARN, by a TaskManager
 * for the subtasks the JobManager placed on it. Every channel of a wired subtask must lead to a
 * subtask in the same set: the in-JVM channels cannot cross processes (the JobManager guarantees
 * this until the network data plane exists; {@link #build} refuses otherwise).
 */
public final class LocalWiring {
  /** Batches a channel holds before its producer waits. */
  private static final int CHANNEL_CAPACITY = 8;

  private LocalWiring() {}

  /** One parallel instance of a job vertex. */
  public record SubtaskId(int vertexId, int subtaskIndex) {
    @Override
    public String toString() {
      return vertexId + "[" + subtaskIndex + "]";
    }
  }

  /** Every subtask of the job, in vertex order, then subtask order. */
  public static Set<SubtaskId> allSubtasks(JobGraph graph) {
    Set<SubtaskId> all = new LinkedHashSet<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        all.add(new SubtaskId(v.id(), i));
      }
    }
    return all;
  }

  /** The subtasks that a channel connects with {@code s}: producers of its inputs and consumers of its outputs. */
  public static Set<SubtaskId> neighbours(JobGraph graph, SubtaskId s) {
    Set<SubtaskId> result = new LinkedHashSet<>();
    JobVertex v = graph.vertex(s.vertexId());
    for (StreamEdge edge : v.inputs()) {
      JobVertex producer = graph.vertexOf(edge.source());
      addEnds(result, producer, edge, s.subtaskIndex());
    }
    for (StreamEdge edge : v.outputs()) {
      JobVertex consumer = graph.vertexOf(edge.target());
      addEnds(result, consumer, edge, s.subtaskIndex());
    }
    return result;
  }

  private static void addEnds(Set<SubtaskId> result, JobVertex other, StreamEdge edge, int index) {
    if (edge.partitioning().kind() == Partitioning.Kind.FORWARD) {
      result.add(new SubtaskId(other.id(), index));
    } else {
      for (int j = 0; j < other.parallelism(); j++) {
        result.add(new SubtaskId(other.id(), j));
      }
    }
  }

  /**
   * Builds the channels among {@code subtasks} and a task for each of them, in vertex order, then
   * subtask order. The specs are copied before any task exists, so a function that cannot be copied
   * fails here with nothing to clean up.
   *
   * @throws IllegalArgumentException when a channel of one of the subtasks leads outside the set
   */
  public static List<Task> build(JobGraph graph, String jobId, Set<SubtaskId> subtasks, ClassLoader userClassLoader,
      TaskListener listener, ScheduledExecutorService timers) {
    for (SubtaskId s : subtasks) {
      for (SubtaskId n : neighbours(graph, s)) {
        if (!subtasks.contains(n)) {
          throw new IllegalArgumentException("subtask " + describe(graph, s) + " exchanges data with "
              + describe(graph, n) + ", which does not run in this process");
        }
      }
    }
    Map<SubtaskId, List<LocalChannel>> inputs = new HashMap<>();
    Map<SubtaskId, Map<StreamEdge, List<LocalChannel>>> outputs = new HashMap<>();
    for (SubtaskId s : subtasks) {
      inputs.put(s, new ArrayList<>());
      outputs.put(s, new LinkedHashMap<>());
    }
    for (JobVertex producer : graph.vertices()) {
      for (StreamEdge edge : producer.outputs()) {
        JobVertex consumer = graph.vertexOf(edge.target());
        for (int i = 0; i < producer.parallelism(); i++) {
          SubtaskId from = new SubtaskId(producer.id(), i);
          if (!subtasks.contains(from)) {
            continue;
          }
          List<LocalChannel> channels = new ArrayList<>();
          for (int j = 0; j < consumer.parallelism(); j++) {
            if (edge.partitioning().kind() == Partitioning.Kind.FORWARD && i != j) {
              continue;
            }
            LocalChannel ch = new LocalChannel(producer.id() + "[" + i + "]->" + consumer.id() + "[" + j + "]",
                CHANNEL_CAPACITY);
            channels.add(ch);
            inputs.get(new SubtaskId(consumer.id(), j)).add(ch);
          }
          outputs.get(from).put(edge, channels);
        }
      }
    }
    ClassLoader loader = userClassLoader != null ? userClassLoader : LocalWiring.class.getClassLoader();
    Map<SubtaskId, Map<Integer, OperatorSpec>> specs = new LinkedHashMap<>();
    List<SubtaskId> ordered = new ArrayList<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        SubtaskId s = new SubtaskId(v.id(), i);
        if (!subtasks.contains(s)) {
          continue;
        }
        ordered.add(s);
        Map<Integer, OperatorSpec> copies = new HashMap<>();
        for (StreamNode node : v.operators()) {
          copies.put(node.id(), SpecCopier.copy(node.spec(), node.name(), loader));
        }
        specs.put(s, copies);
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (SubtaskId s : ordered) {
      JobVertex v = graph.vertex(s.vertexId());
      tasks.add(new Task(new TaskSetup(jobId, v, s.subtaskIndex(), graph.configuration(), graph.runtimeMode(),
          specs.get(s), inputs.get(s), outputs.get(s), loader), listener, timers));
    }
    return tasks;
  }

  private static String describe(JobGraph graph, SubtaskId s) {
    JobVertex v = graph.vertex(s.vertexId());
    return v.name() + " (" + (s.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
  }
}
