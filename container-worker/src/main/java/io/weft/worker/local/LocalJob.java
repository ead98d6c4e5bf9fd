package io.weft.worker.local;

import io.weft.api.environment.JobClient;
import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.JobExecutionResult;
import io.weft.api.environment.JobStatus;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.JobVertex;
import io.weft.core.plan.OperatorSpec;
import io.weft.core.plan.Partitioning;
import io.weft.core.plan.StreamEdge;
import io.weft.core.plan.StreamNode;
import io.weft.dataplane.local.LocalChannel;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.SpecCopier;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskListener;
import io.weft.worker.task.TaskSetup;
import io.weft.worker.taskmanager.TaskManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job running in this JVM: builds the channels between subtasks, deploys every subtask into a
 * local TaskManager, and ends the job when all tasks finished, or cancels the rest when one fails.
 */
final class LocalJob implements JobClient, TaskListener {
  private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);
  /** Batches a channel holds before its producer waits. */
  private static final int CHANNEL_CAPACITY = 8;

  private final JobGraph graph;
  private final ClassLoader userClassLoader;
  private final String jobId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
  private final List<Task> tasks = new ArrayList<>();
  private TaskManager taskManager;
  private volatile JobStatus status = JobStatus.CREATED;
  private Throwable firstFailure;
  private String firstFailedTask;
  private int terminalTasks;
  private boolean cancelRequested;
  private long startMillis;

  LocalJob(JobGraph graph, ClassLoader userClassLoader) {
    this.graph = graph;
    this.userClassLoader = userClassLoader != null ? userClassLoader : LocalJob.class.getClassLoader();
  }

  void start() {
    startMillis = System.currentTimeMillis();
    LOG.info("Job '{}' ({}) starting in this JVM, {} mode, {} slots:\n{}", graph.jobName(), jobId,
        graph.runtimeMode(), graph.maxTaskParallelism(), graph.describe().stripTrailing());
    Map<Integer, List<List<LocalChannel>>> inputs = new HashMap<>();
    Map<Integer, List<Map<StreamEdge, List<LocalChannel>>>> outputs = new HashMap<>();
    for (JobVertex v : graph.vertices()) {
      inputs.put(v.id(), newLists(v.parallelism()));
      List<Map<StreamEdge, List<LocalChannel>>> perSubtask = new ArrayList<>();
      for (int i = 0; i < v.parallelism(); i++) {
        perSubtask.add(new LinkedHashMap<>());
      }
      outputs.put(v.id(), perSubtask);
    }
    for (JobVertex producer : graph.vertices()) {
      for (StreamEdge edge : producer.outputs()) {
        JobVertex consumer = graph.vertexOf(edge.target());
        for (int i = 0; i < producer.parallelism(); i++) {
          List<LocalChannel> channels = new ArrayList<>();
          for (int j = 0; j < consumer.parallelism(); j++) {
            if (edge.partitioning().kind() == Partitioning.Kind.FORWARD && i != j) {
              continue;
            }
            LocalChannel ch = new LocalChannel(producer.id() + "[" + i + "]->" + consumer.id() + "[" + j + "]",
                CHANNEL_CAPACITY);
            channels.add(ch);
            inputs.get(consumer.id()).get(j).add(ch);
          }
          outputs.get(producer.id()).get(i).put(edge, channels);
        }
      }
    }
    // Copy every subtask's functions before starting anything, so a function that cannot be
    // copied fails the submission with nothing left to clean up.
    Map<JobVertex, List<Map<Integer, OperatorSpec>>> specs = new LinkedHashMap<>();
    for (JobVertex v : graph.vertices()) {
      List<Map<Integer, OperatorSpec>> perSubtask = new ArrayList<>();
      for (int i = 0; i < v.parallelism(); i++) {
        Map<Integer, OperatorSpec> copies = new HashMap<>();
        for (StreamNode node : v.operators()) {
          copies.put(node.id(), SpecCopier.copy(node.spec(), node.name(), userClassLoader));
        }
        perSubtask.add(copies);
      }
      specs.put(v, perSubtask);
    }
    taskManager = new TaskManager("local-" + jobId, graph.maxTaskParallelism());
    specs.forEach((v, perSubtask) -> {
      for (int i = 0; i < v.parallelism(); i++) {
        tasks.add(new Task(new TaskSetup(jobId, v, i, graph.configuration(), graph.runtimeMode(), perSubtask.get(i),
            inputs.get(v.id()).get(i), outputs.get(v.id()).get(i), userClassLoader), this, taskManager.timers()));
      }
    });
    status = JobStatus.RUNNING;
    for (Task t : tasks) {
      taskManager.deploy(t.setup().subtaskIndex(), t);
    }
  }

  private static List<List<LocalChannel>> newLists(int n) {
    List<List<LocalChannel>> lists = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  @Override
  public void stateChanged(Task task, ExecutionState state, Throwable failure) {
    if (!state.isTerminal()) {
      return;
    }
    boolean cancelOthers = false;
    boolean done;
    synchronized (this) {
      if (state == ExecutionState.FAILED && firstFailure == null) {
        firstFailure = failure;
        firstFailedTask = task.name();
        cancelOthers = true;
      }
      done = ++terminalTasks == tasks.size();
    }
    if (cancelOthers) {
      LOG.error("Job '{}' ({}) failing: task {} failed", graph.jobName(), jobId, task.name(), failure);
      tasks.forEach(Task::cancel);
    }
    if (done) {
      complete();
    }
  }

  private void complete() {
    long millis = System.currentTimeMillis() - startMillis;
    taskManager.close();
    Throwable failure;
    boolean canceled;
    synchronized (this) {
      failure = firstFailure;
      canceled = cancelRequested;
    }
    if (failure != null) {
      status = JobStatus.FAILED;
      String message = "Job '" + graph.jobName() + "' (" + jobId + ") failed: task " + firstFailedTask
          + " failed: " + rootMessage(failure);
      result.completeExceptionally(new JobExecutionException(jobId, message, failure));
    } else if (canceled) {
      status = JobStatus.CANCELED;
      LOG.info("Job '{}' ({}) canceled after {} ms", graph.jobName(), jobId, millis);
      result.completeExceptionally(new JobExecutionException(jobId,
          "Job '" + graph.jobName() + "' (" + jobId + ") was canceled", null));
    } else {
      status = JobStatus.FINISHED;
      LOG.info("Job '{}' ({}) finished in {} ms", graph.jobName(), jobId, millis);
      result.complete(new JobExecutionResult(jobId, millis));
    }
  }

  private static String rootMessage(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  @Override
  public String getJobId() {
    return jobId;
  }

  @Override
  public JobStatus getJobStatus() {
    return status;
  }

  @Override
  public void cancel() {
    synchronized (this) {
      if (status.isTerminal()) {
        return;
      }
      cancelRequested = true;
    }
    LOG.info("Canceling job '{}' ({})", graph.jobName(), jobId);
    tasks.forEach(Task::cancel);
  }

  @Override
  public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
    return result;
  }
}
