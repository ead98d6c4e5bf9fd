package io.weft.core.plan;

import java.io.Serializable;
import io.weft.core.config.Configuration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job as it is scheduled: tasks (chains of operators) and the network edges between them.
 * Forward edges between operators of equal parallelism are chained: the downstream operator runs
 * in the upstream's thread and receives each element by a direct call.
 */
public final class JobGraph implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String jobName;
  private final StreamGraph streamGraph;
  private final Configuration configuration;
  private final RuntimeMode runtimeMode;
  private final Map<Integer, JobVertex> vertices = new LinkedHashMap<>();
  private final Map<Integer, JobVertex> vertexOfNode = new LinkedHashMap<>();

  public JobGraph(String jobName, StreamGraph streamGraph, Configuration configuration, RuntimeMode runtimeMode) {
    this.jobName = jobName;
    this.streamGraph = streamGraph;
    this.configuration = new Configuration(configuration);
    this.runtimeMode = runtimeMode;
    buildChains();
  }

  /** Whether {@code edge} is a direct call inside a chain rather than a network edge. */
  public static boolean isChainable(StreamEdge edge) {
    StreamNode up = edge.source();
    StreamNode down = edge.target();
    return edge.partitioning().kind() == Partitioning.Kind.FORWARD
        && edge.sideOutputTag() == null
        && down.inEdges().size() == 1
        && edge.inputSide() == 0
        && up.parallelism() == down.parallelism()
        && up.chainable()
        && down.chainable();
  }

  private void buildChains() {
    for (StreamNode node : streamGraph.nodes()) {
      boolean isHead = node.inEdges().isEmpty() || !isChainable(node.inEdges().get(0));
      if (!isHead) {
        continue;
      }
      List<StreamNode> chain = new ArrayList<>();
      List<StreamEdge> outputs = new ArrayList<>();
      collectChain(node, chain, outputs);
      chain.sort((a, b) -> Integer.compare(a.id(), b.id()));
      JobVertex vertex = new JobVertex(node.id(), chain, node.inEdges(), outputs);
      vertices.put(vertex.id(), vertex);
      for (StreamNode n : chain) {
        vertexOfNode.put(n.id(), vertex);
      }
    }
  }

  private static void collectChain(StreamNode node, List<StreamNode> chain, List<StreamEdge> outputs) {
    chain.add(node);
    for (StreamEdge out : node.outEdges()) {
      if (isChainable(out)) {
        collectChain(out.target(), chain, outputs);
      } else {
        outputs.add(out);
      }
    }
  }

  public String jobName() {
    return jobName;
  }

  public StreamGraph streamGraph() {
    return streamGraph;
  }

  public Configuration configuration() {
    return configuration;
  }

  public RuntimeMode runtimeMode() {
    return runtimeMode;
  }

  /** The tasks, in an order where every task comes after the tasks it reads from. */
  public List<JobVertex> vertices() {
    return Collections.unmodifiableList(new ArrayList<>(vertices.values()));
  }

  public JobVertex vertex(int id) {
    return vertices.get(id);
  }

  /** The task an operator runs in. */
  public JobVertex vertexOf(StreamNode node) {
    return vertexOfNode.get(node.id());
  }

  /** The largest parallelism of any task: with slot sharing, the number of slots the job needs. */
  public int maxTaskParallelism() {
    return vertices.values().stream().mapToInt(JobVertex::parallelism).max().orElse(1);
  }

  /**
   * A digest of the plan's shape: operators, their user classes, parallelism, and edges. Every
   * process that rebuilds the plan from the user's main() must arrive at the same fingerprint, or
   * it is running a different program than the one the JobManager scheduled.
   */
  public String fingerprint() {
    StringBuilder sb = new StringBuilder(jobName).append('|').append(runtimeMode);
    for (StreamNode n : streamGraph.nodes()) {
      sb.append('|').append(n.id()).append(',').append(n.name()).append(',').append(n.uid())
          .append(',').append(n.spec().getClass().getSimpleName())
          .append(',').append(stableClassName(n.spec().userObject()))
          .append(',').append(n.parallelism()).append(',').append(n.maxParallelism());
      for (StreamEdge e : n.outEdges()) {
        sb.append(">").append(e.target().id()).append(':').append(e.partitioning())
            .append(':').append(e.sideOutputTag() == null ? "" : e.sideOutputTag().getId())
            .append(e.inputSide() == 0 ? "" : ":in" + e.inputSide());
      }
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The user object's class as every JVM names it. A lambda's runtime class is named
   * {@code Outer$$Lambda$<counter>/<address>}, which differs from JVM to JVM; serializable lambdas
   * (all user functions are) are named by the method javac compiled them into instead.
   */
  static String stableClassName(Object userObject) {
    Class<?> type = userObject.getClass();
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda < 0 && !type.isHidden()) {
      return name;
    }
    try {
      java.lang.reflect.Method writeReplace = type.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      if (writeReplace.invoke(userObject) instanceof java.lang.invoke.SerializedLambda sl) {
        return sl.getImplClass().replace('/', '.') + "::" + sl.getImplMethodName() + sl.getImplMethodSignature()
            + " as " + sl.getFunctionalInterfaceClass().replace('/', '.');
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not a serializable lambda: fall back to the defining class below.
    }
    return lambda >= 0 ? name.substring(0, lambda) + "$$Lambda" : name;
  }

  /**
   * Every edge that may cross TaskManagers (all but FORWARD, which placement keeps in one slot)
   * needs its records' type to serialize them. Checked for every run, local ones included, so a
   * missing {@code .returns(...)} fails the same way whatever the placement.
   *
   * @throws IllegalArgumentException naming both operators and the fix
   */
  public void checkExchangedTypes() {
    for (JobVertex v : vertices.values()) {
      for (StreamEdge e : v.outputs()) {
        if (e.partitioning().kind() == Partitioning.Kind.FORWARD) {
          continue;
        }
        Object type = e.sideOutputTag() != null ? e.sideOutputTag().getTypeInfo() : e.source().outputType();
        if (type == null) {
          throw new IllegalArgumentException("the records from '" + e.source().name() + "' to '"
              + e.target().name() + "' go through a " + e.partitioning() + " exchange, which may cross"
              + " TaskManagers and so serializes them, but their type is unknown (a lambda's generic result"
              + " type is erased): declare it with .returns(...) on '" + e.source().name() + "'"
              + (e.sideOutputTag() != null ? " or give the OutputTag '" + e.sideOutputTag().getId() + "' its type"
              : ""));
        }
      }
    }
  }

  /**
   * This plan with some tasks at another parallelism (an in-place rescale): the same operators,
   * tasks, vertex ids and chains, on a copy read back with {@code loader} (the plan's nodes are never
   * changed in place). A FORWARD edge between tasks must keep equal parallelism on both sides, and no
   * operator may exceed its max parallelism (its number of key groups).
   *
   * @param parallelism task (vertex) id to its new parallelism; tasks not named keep theirs
   * @throws IllegalArgumentException naming the task, the value and the limit
   */
  public JobGraph rescaled(Map<Integer, Integer> parallelism, ClassLoader loader) {
    checkRescale(parallelism);
    if (parallelism.isEmpty()) {
      return this;
    }
    JobGraph copy = PlanFile.copy(this, loader);
    for (Map.Entry<Integer, Integer> e : parallelism.entrySet()) {
      for (StreamNode n : copy.vertex(e.getKey()).operators()) {
        n.rescale(e.getValue());
      }
    }
    JobGraph result = new JobGraph(jobName, copy.streamGraph, configuration, runtimeMode);
    if (!result.vertices.keySet().equals(vertices.keySet())) {
      throw new IllegalStateException("rescaling changed the tasks of job '" + jobName + "' from " + vertices.keySet()
          + " to " + result.vertices.keySet());
    }
    return result;
  }

  /** Refuses a rescale {@link #rescaled} could not apply, naming the task, the value and the limit. */
  public void checkRescale(Map<Integer, Integer> parallelism) {
    for (Map.Entry<Integer, Integer> e : parallelism.entrySet()) {
      JobVertex v = vertices.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("job '" + jobName + "' has no task " + e.getKey() + "; its tasks are "
            + vertices.values().stream().map(x -> x.id() + " (" + x.name() + ")").toList());
      }
      int p = e.getValue();
      if (p < 1) {
        throw new IllegalArgumentException("parallelism " + p + " for task '" + v.name() + "': it must be at least 1");
      }
      for (StreamNode n : v.operators()) {
        if (p > n.maxParallelism()) {
          throw new IllegalArgumentException("parallelism " + p + " for task '" + v.name() + "' is above the max"
              + " parallelism " + n.maxParallelism() + " of operator '" + n.name() + "' (its number of key groups,"
              + " fixed when the job was submitted: setMaxParallelism / pipeline.max-parallelism)");
        }
      }
    }
    for (JobVertex v : vertices.values()) {
      for (StreamEdge edge : v.outputs()) {
        if (edge.partitioning().kind() != Partitioning.Kind.FORWARD) {
          continue;
        }
        JobVertex target = vertexOf(edge.target());
        int up = parallelism.getOrDefault(v.id(), v.parallelism());
        int down = parallelism.getOrDefault(target.id(), target.parallelism());
        if (up != down) {
          throw new IllegalArgumentException("tasks '" + v.name() + "' (p=" + up + ") and '" + target.name() + "' (p="
              + down + ") are connected by a FORWARD edge, which needs equal parallelism: rescale both");
        }
      }
    }
  }

  /** A multi-line description of the tasks and edges, for logs. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (JobVertex v : vertices.values()) {
      sb.append("  task ").append(v.id()).append(": ").append(v).append('\n');
      for (StreamEdge e : v.outputs()) {
        sb.append("    -> ").append(vertexOf(e.target()).id()).append(" (").append(e.partitioning())
            .append(e.sideOutputTag() == null ? "" : ", side output '" + e.sideOutputTag().getId() + "'")
            .append(e.inputSide() == 0 ? "" : ", input " + e.inputSide())
            .append(")\n");
      }
    }
    return sb.toString();
  }
}
