package io.weft.core.plan;

import java.io.Serializable;
import io.weft.api.datastream.OutputTag;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.Transformation.OperatorTransformation;
import io.weft.core.plan.Transformation.PartitionTransformation;
import io.weft.core.plan.Transformation.SideOutputTransformation;
import io.weft.core.plan.Transformation.UnionTransformation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators of a program and how they connect, with every parallelism resolved. Built from
 * the transformations the API recorded; partitionings, unions and side outputs become edge
 * properties.
 */
public final class StreamGraph implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<Integer, StreamNode> nodes = new TreeMap<>();

  /** The node ids and edge properties a transformation stands for as an input. */
  private record Endpoint(StreamNode node, Partitioning partitioning, OutputTag<?> tag) {}

  private StreamGraph() {}

  /**
   * Builds the graph. Parallelism precedence: the operator's own, then the environment's
   * ({@code environmentParallelism}, -1 if unset), then {@code parallelism.default} (which the CLI's
   * -p/-yp sets).
   */
  public static StreamGraph build(List<Transformation<?>> transformations, int environmentParallelism,
      int environmentMaxParallelism, Configuration config) {
    StreamGraph graph = new StreamGraph();
    int defaultParallelism = environmentParallelism > 0
        ? environmentParallelism
        : config.get(CoreOptions.DEFAULT_PARALLELISM);
    if (defaultParallelism < 1) {
      throw new IllegalArgumentException(
          CoreOptions.DEFAULT_PARALLELISM.key() + " must be at least 1, not " + defaultParallelism);
    }
    Map<Integer, List<Endpoint>> resolved = new HashMap<>();
    for (Transformation<?> t : transformations) {
      graph.resolve(t, resolved, defaultParallelism, environmentMaxParallelism);
    }
    if (graph.nodes.isEmpty()) {
      throw new IllegalStateException("The job has no operators: add a source and a sink before execute()");
    }
    boolean hasSink = graph.nodes.values().stream().anyMatch(n -> n.spec() instanceof OperatorSpec.SinkSpec);
    if (!hasSink) {
      throw new IllegalStateException("The job has no sink: add sinkTo(...), print() or writeAsText(...)");
    }
    return graph;
  }

  private List<Endpoint> resolve(Transformation<?> t, Map<Integer, List<Endpoint>> resolved,
      int defaultParallelism, int envMaxParallelism) {
    List<Endpoint> done = resolved.get(t.getId());
    if (done != null) {
      return done;
    }
    List<Endpoint> result = new ArrayList<>();
    if (t instanceof OperatorTransformation<?> op) {
      int p = t.getParallelism() > 0 ? t.getParallelism() : defaultParallelism;
      int maxP = t.getMaxParallelism() > 0 ? t.getMaxParallelism()
          : envMaxParallelism > 0 ? envMaxParallelism : KeyGroups.defaultMaxParallelism(p);
      if (maxP < p) {
        throw new IllegalArgumentException("operator '" + t.getName() + "' has parallelism " + p
            + " above its max parallelism " + maxP + "; raise the max parallelism or lower the parallelism");
      }
      StreamNode node = new StreamNode(t.getId(), t.getName(), t.getUid(), op.getSpec(), p, maxP,
          t.getOutputType(), t.isChainingEnabled());
      nodes.put(node.id(), node);
      List<Transformation<?>> inputs = t.getInputs();
      boolean twoInput = op.getSpec().isTwoInput();
      if (twoInput && inputs.size() != 2) {
        throw new IllegalStateException("operator '" + t.getName() + "' reads two inputs but has " + inputs.size());
      }
      for (int i = 0; i < inputs.size(); i++) {
        for (Endpoint e : resolve(inputs.get(i), resolved, defaultParallelism, envMaxParallelism)) {
          connect(e, node, twoInput ? i + 1 : 0);
        }
      }
      if (op.getSpec().isKeyed() && node.inEdges.stream()
          .anyMatch(e -> e.partitioning().kind() != Partitioning.Kind.HASH
              && !(e.inputSide() == 2 && op.getSpec().isBroadcastOnSecondInput()))) {
        throw new IllegalStateException("operator '" + t.getName() + "' keeps keyed state and needs a keyed "
            + "input: call keyBy(...) right before it");
      }
      result.add(new Endpoint(node, null, null));
    } else if (t instanceof PartitionTransformation<?> pt) {
      for (Endpoint e : resolve(pt.getInputs().get(0), resolved, defaultParallelism, envMaxParallelism)) {
        result.add(new Endpoint(e.node(), pt.getPartitioning(), e.tag()));
      }
    } else if (t instanceof UnionTransformation<?>) {
      for (Transformation<?> input : t.getInputs()) {
        result.addAll(resolve(input, resolved, defaultParallelism, envMaxParallelism));
      }
    } else if (t instanceof SideOutputTransformation<?> so) {
      for (Endpoint e : resolve(so.getInputs().get(0), resolved, defaultParallelism, envMaxParallelism)) {
        if (e.partitioning() != null || e.tag() != null) {
          throw new IllegalStateException("getSideOutput() must be called on the operator that emits it");
        }
        result.add(new Endpoint(e.node(), null, so.getTag()));
      }
    } else {
      throw new IllegalStateException("unknown transformation " + t);
    }
    resolved.put(t.getId(), result);
    return result;
  }

  private void connect(Endpoint from, StreamNode to, int inputSide) {
    Partitioning p = from.partitioning();
    if (p == null) {
      p = from.node().parallelism() == to.parallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE;
    } else if (p.kind() == Partitioning.Kind.FORWARD && from.node().parallelism() != to.parallelism()) {
      throw new IllegalStateException("forward() needs equal parallelism on both sides, but '"
          + from.node().name() + "' has " + from.node().parallelism() + " and '" + to.name() + "' has "
          + to.parallelism() + "; use rebalance() or set equal parallelism");
    }
    StreamEdge edge = new StreamEdge(from.node(), to, p, from.tag(), inputSide);
    from.node().outEdges.add(edge);
    to.inEdges.add(edge);
  }

  /** The nodes in an order where every node comes after its inputs. */
  public List<StreamNode> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(nodes.values()));
  }

  public StreamNode node(int id) {
    return nodes.get(id);
  }
}
