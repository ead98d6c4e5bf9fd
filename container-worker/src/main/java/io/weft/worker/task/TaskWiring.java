package io.weft.worker.task;

import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.dataplane.channel.InputChannel;
import io.weft.dataplane.channel.LocalChannel;
import io.weft.dataplane.channel.OutputChannel;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.remote.NetworkEnvironment;
import io.weft.worker.memory.SlotBudget;
import io.weft.worker.operators.OperatorRestore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Wires the subtasks of a job that run in this process: a channel for every pair of producer and
 * consumer subtask that an edge connects (FORWARD: subtask i to subtask i; every other
 * partitioning: all to all), each subtask's own copy of its operators' specs ({@link SpecCopier}),
 * and one {@link Task} per subtask, not yet started.
 *
 * <p>Between two subtasks of the set the channel is a bounded in-JVM {@link LocalChannel}: objects
 * by reference, no serialization. A channel to a subtask elsewhere ({@link Remote#locations}) goes
 * through the TaskManager's {@link NetworkEnvironment}: records serialized into network buffers,
 * read by the consumer's TaskManager over its connection.
 *
 * <p>Used for the whole job by {@code LocalJob} ({@code -m local}, no network) and, on YARN, by a
 * TaskManager for the subtasks the JobManager placed on it.
 */
public final class TaskWiring {
  /** Batches a local channel holds before its producer waits. */
  private static final int CHANNEL_CAPACITY = 8;

  private TaskWiring() {}

  /** One parallel instance of a job vertex. */
  public record SubtaskId(int vertexId, int subtaskIndex) {
    @Override
    public String toString() {
      return vertexId + "[" + subtaskIndex + "]";
    }
  }

  /** The network of this TaskManager, and the data address of each subtask running elsewhere. */
  public record Remote(NetworkEnvironment network, Map<SubtaskId, InetSocketAddress> locations) {}

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
      addEnds(result, graph.vertexOf(edge.source()), edge, s.subtaskIndex());
    }
    for (StreamEdge edge : v.outputs()) {
      addEnds(result, graph.vertexOf(edge.target()), edge, s.subtaskIndex());
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
   * The id both TaskManagers derive for the output of producer subtask {@code subtask} of
   * {@code producer} along {@code edge}; the consumer's subtask index picks the subpartition.
   */
  public static String partitionId(String jobId, int attempt, JobVertex producer, int subtask, StreamEdge edge) {
    return jobId + "#" + attempt + "/" + producer.id() + "." + subtask + "/" + producer.outputs().indexOf(edge);
  }

  /**
   * Builds the channels of {@code subtasks} and a task for each of them, in vertex order, then
   * subtask order. The specs are copied before any channel exists, so a function that cannot be
   * copied fails here with nothing to clean up.
   *
   * @param remote the network and the other subtasks' locations; null when all run in this JVM
   * @param slotBudget what each task's slot may use, from the process's {@code TaskManagerResources}
   * @throws IllegalArgumentException when a channel leads to a subtask that is neither in the set
   *     nor located elsewhere, or a record type that must cross the network is unknown
   */
  public static List<Task> build(JobGraph graph, String jobId, Set<SubtaskId> subtasks, ClassLoader userClassLoader,
      TaskListener listener, ScheduledExecutorService timers, Remote remote, SlotBudget slotBudget)
      throws IOException, InterruptedException {
    return build(graph, jobId, 0, subtasks, userClassLoader, listener, timers, remote, slotBudget, s -> Map.of());
  }

  /**
   * As above, for execution attempt {@code attempt} of the job (restarts get fresh partition ids,
   * so no channel of an old attempt is ever read), with each subtask's operators starting from
   * {@code restore} (node id to the state to start from).
   */
  public static List<Task> build(JobGraph graph, String jobId, int attempt, Set<SubtaskId> subtasks,
      ClassLoader userClassLoader, TaskListener listener, ScheduledExecutorService timers, Remote remote,
      SlotBudget slotBudget, Function<SubtaskId, Map<Integer, OperatorRestore>> restore)
      throws IOException, InterruptedException {
    return build(graph, jobId, attempt, subtasks, userClassLoader, listener, timers, remote, s -> slotBudget, restore);
  }

  /** As above, for a local run: every subtask in this JVM, each in the slot {@code slots} gives it. */
  public static List<Task> build(JobGraph graph, String jobId, Set<SubtaskId> subtasks, ClassLoader userClassLoader,
      TaskListener listener, ScheduledExecutorService timers, Remote remote, Function<SubtaskId, SlotBudget> slots,
      Function<SubtaskId, Map<Integer, OperatorRestore>> restore) throws IOException, InterruptedException {
    return build(graph, jobId, 0, subtasks, userClassLoader, listener, timers, remote, slots, restore);
  }

  /**
   * As above, with each subtask's slot ({@code slots}: the budget of the slot it is deployed
   * into), so the tasks of one slot share its managed memory.
   */
  public static List<Task> build(JobGraph graph, String jobId, int attempt, Set<SubtaskId> subtasks,
      ClassLoader userClassLoader, TaskListener listener, ScheduledExecutorService timers, Remote remote,
      Function<SubtaskId, SlotBudget> slots, Function<SubtaskId, Map<Integer, OperatorRestore>> restore)
      throws IOException, InterruptedException {
    Map<SubtaskId, InetSocketAddress> elsewhere = remote == null ? Map.of() : remote.locations();
    for (SubtaskId s : subtasks) {
      for (SubtaskId n : neighbours(graph, s)) {
        if (!subtasks.contains(n) && !elsewhere.containsKey(n)) {
          throw new IllegalArgumentException("subtask " + describe(graph, s) + " exchanges data with "
              + describe(graph, n) + ", which runs neither in this process nor at a known address");
        }
      }
    }
    ClassLoader loader = userClassLoader != null ? userClassLoader : TaskWiring.class.getClassLoader();
    Map<SubtaskId, Map<Integer, OperatorSpec>> specs = new LinkedHashMap<>();
    for (JobVertex v : graph.vertices()) {
      for (int i = 0; i < v.parallelism(); i++) {
        SubtaskId s = new SubtaskId(v.id(), i);
        if (subtasks.contains(s)) {
          Map<Integer, OperatorSpec> copies = new HashMap<>();
          for (StreamNode node : v.operators()) {
            copies.put(node.id(), SpecCopier.copy(node.spec(), node.name(), loader));
          }
          specs.put(s, copies);
        }
      }
    }
    Channels channels = new Channels(graph, jobId, attempt, subtasks, remote);
    try {
      channels.wireLocalAndOutputs();
      channels.wireRemoteInputs();
    } catch (IOException | InterruptedException | RuntimeException e) {
      channels.release(e);
      throw e;
    }
    List<Task> tasks = new ArrayList<>();
    for (SubtaskId s : specs.keySet()) {
      JobVertex v = graph.vertex(s.vertexId());
      tasks.add(new Task(new TaskSetup(jobId, v, s.subtaskIndex(), graph.configuration(), graph.runtimeMode(),
          specs.get(s), channels.inputs.get(s), channels.outputs.get(s), channels.pools.get(s), restore.apply(s),
          attempt, loader, channels.sides.get(s), slots.apply(s)), listener,
          timers));
    }
    return tasks;
  }

  /** The channels under construction, per subtask, and the buffer pools they use. */
  private static final class Channels {
    final JobGraph graph;
    final String jobId;
    final int attempt;
    final Set<SubtaskId> subtasks;
    final Remote remote;
    final Map<SubtaskId, List<InputChannel>> inputs = new HashMap<>();
    /** Per input channel, the side of a two-input consumer it feeds (the edge's input side). */
    final Map<SubtaskId, List<Integer>> sides = new HashMap<>();
    final Map<SubtaskId, Map<StreamEdge, List<OutputChannel>>> outputs = new HashMap<>();
    final Map<SubtaskId, List<LocalBufferPool>> pools = new HashMap<>();

    Channels(JobGraph graph, String jobId, int attempt, Set<SubtaskId> subtasks, Remote remote) {
      this.graph = graph;
      this.jobId = jobId;
      this.attempt = attempt;
      this.subtasks = subtasks;
      this.remote = remote;
      for (SubtaskId s : subtasks) {
        inputs.put(s, new ArrayList<>());
        sides.put(s, new ArrayList<>());
        outputs.put(s, new LinkedHashMap<>());
        pools.put(s, new ArrayList<>());
      }
    }

    /** Every output channel of the set's producers; local channels join their consumer's inputs too. */
    void wireLocalAndOutputs() throws IOException, InterruptedException {
      for (JobVertex producer : graph.vertices()) {
        for (StreamEdge edge : producer.outputs()) {
          JobVertex consumer = graph.vertexOf(edge.target());
          for (int i = 0; i < producer.parallelism(); i++) {
            SubtaskId from = new SubtaskId(producer.id(), i);
            if (subtasks.contains(from)) {
              outputs.get(from).put(edge, outputChannels(producer, i, edge, consumer));
            }
          }
        }
      }
    }

    private List<OutputChannel> outputChannels(JobVertex producer, int i, StreamEdge edge, JobVertex consumer)
        throws IOException, InterruptedException {
      List<Integer> targets = new ArrayList<>();
      for (int j = 0; j < consumer.parallelism(); j++) {
        if (edge.partitioning().kind() != Partitioning.Kind.FORWARD || i == j) {
          targets.add(j);
        }
      }
      long remoteCount = targets.stream().filter(j -> !subtasks.contains(new SubtaskId(consumer.id(), j))).count();
      LocalBufferPool pool = null;
      TypeSerializer<Object> serializer = null;
      if (remoteCount > 0) {
        serializer = serializerOf(edge);
        pool = remote.network().createPool("output " + partitionId(jobId, attempt, producer, i, edge),
            (int) remoteCount);
        pools.get(new SubtaskId(producer.id(), i)).add(pool);
      }
      List<OutputChannel> channels = new ArrayList<>();
      int poolChannel = 0;
      for (int j : targets) {
        SubtaskId to = new SubtaskId(consumer.id(), j);
        if (subtasks.contains(to)) {
          LocalChannel ch = new LocalChannel(producer.id() + "[" + i + "]->" + consumer.id() + "[" + j + "]",
              CHANNEL_CAPACITY);
          channels.add(ch);
          inputs.get(to).add(ch);
          sides.get(to).add(edge.inputSide());
        } else {
          channels.add(remote.network().createOutput(partitionId(jobId, attempt, producer, i, edge), j, pool,
              poolChannel++, serializer));
        }
      }
      return channels;
    }

    /** The channels of the set's consumers that read from subtasks elsewhere, one buffer pool per consumer. */
    void wireRemoteInputs() throws IOException, InterruptedException {
      for (SubtaskId to : subtasks) {
        List<Map.Entry<StreamEdge, SubtaskId>> producers = remoteProducers(to);
        if (producers.isEmpty()) {
          continue;
        }
        LocalBufferPool pool = remote.network().createPool("input of " + describe(graph, to), producers.size());
        pools.get(to).add(pool);
        for (int c = 0; c < producers.size(); c++) {
          StreamEdge edge = producers.get(c).getKey();
          SubtaskId from = producers.get(c).getValue();
          String partition = partitionId(jobId, attempt, graph.vertex(from.vertexId()), from.subtaskIndex(), edge);
          inputs.get(to).add(remote.network().createInput(remote.locations().get(from), partition, to.subtaskIndex(),
              pool, c, serializerOf(edge), describe(graph, to) + " <- " + partition));
          sides.get(to).add(edge.inputSide());
        }
      }
    }

    /** The producer subtasks outside the set that {@code to} reads from, with the edge each comes along. */
    private List<Map.Entry<StreamEdge, SubtaskId>> remoteProducers(SubtaskId to) {
      List<Map.Entry<StreamEdge, SubtaskId>> result = new ArrayList<>();
      for (StreamEdge edge : graph.vertex(to.vertexId()).inputs()) {
        JobVertex producer = graph.vertexOf(edge.source());
        for (int j = 0; j < producer.parallelism(); j++) {
          SubtaskId from = new SubtaskId(producer.id(), j);
          boolean connected = edge.partitioning().kind() != Partitioning.Kind.FORWARD || j == to.subtaskIndex();
          if (connected && !subtasks.contains(from)) {
            result.add(Map.entry(edge, from));
          }
        }
      }
      return result;
    }

    @SuppressWarnings("unchecked")
    private TypeSerializer<Object> serializerOf(StreamEdge edge) {
      TypeInfo<?> type = edge.sideOutputTag() != null ? edge.sideOutputTag().getTypeInfo() : edge.source().outputType();
      if (type == null) {
        throw new IllegalArgumentException("the records from '" + edge.source().name() + "' to '"
            + edge.target().name() + "' cross TaskManagers, so they must be serialized, but their type is unknown "
            + "(a lambda's generic result type is erased): declare it with .returns(...) on '"
            + edge.source().name() + "'");
      }
      return (TypeSerializer<Object>) type.createSerializer();
    }

    /** Undoes a half-built wiring: producers fail their consumers, every pool goes back. */
    void release(Throwable cause) {
      for (Map<StreamEdge, List<OutputChannel>> edges : outputs.values()) {
        for (List<OutputChannel> list : edges.values()) {
          list.forEach(c -> c.close(cause));
        }
      }
      pools.values().forEach(list -> list.forEach(LocalBufferPool::destroy));
    }
  }

  private static String describe(JobGraph graph, SubtaskId s) {
    JobVertex v = graph.vertex(s.vertexId());
    return v.name() + " (" + (s.subtaskIndex() + 1) + "/" + v.parallelism() + ")";
  }
}
