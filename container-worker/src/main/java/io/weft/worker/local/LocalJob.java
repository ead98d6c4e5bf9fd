package io.weft.worker.local;

import io.weft.api.environment.JobClient;
import io.weft.api.environment.JobExecutionException;
import io.weft.api.environment.JobExecutionResult;
import io.weft.api.environment.JobStatus;
import io.weft.core.plan.JobGraph;
import io.weft.worker.memory.TaskManagerResources;
import io.weft.worker.task.ExecutionState;
import io.weft.worker.task.OperatorException;
import io.weft.worker.task.Task;
import io.weft.worker.task.TaskWiring;
import io.weft.worker.task.TaskListener;
import io.weft.worker.taskmanager.TaskManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job running in this JVM: wires every subtask ({@link TaskWiring}), deploys them into a
 * local TaskManager, and ends the job when all tasks finished, or cancels the rest when one fails.
 */
final class LocalJob implements JobClient, TaskListener {
  private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

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
  private volatile LocalCheckpoints checkpoints;
  /** The job's copy of its cached files; deleted when it ends. */
  private AutoCloseable cachedFiles = () -> {};

  LocalJob(JobGraph graph, ClassLoader userClassLoader) {
    this.graph = graph;
    this.userClassLoader = userClassLoader != null ? userClassLoader : LocalJob.class.getClassLoader();
  }

  void start() {
    startMillis = System.currentTimeMillis();
    LOG.info("Job '{}' ({}) starting in this JVM, {} mode, {} slots:\n{}", graph.jobName(), jobId,
        graph.runtimeMode(), graph.maxTaskParallelism(), graph.describe().stripTrailing());
    try {
      cachedFiles = io.weft.worker.cache.LocalizedFiles.materialize(jobId, graph.configuration());
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    taskManager = new TaskManager("local-" + jobId, graph.maxTaskParallelism());
    try {
      // Computed as a TaskManager in a container computes it, from the same options, but divided
      // among the slots this run has (subtask i runs in slot i).
      TaskManagerResources resources = TaskManagerResources.forLocalRun(graph.configuration(),
          graph.maxTaskParallelism());
      // Copies every subtask's functions before creating any task, so a function that cannot be
      // copied fails the submission with nothing left to clean up but the idle TaskManager.
      tasks.addAll(TaskWiring.build(graph, jobId, TaskWiring.allSubtasks(graph), userClassLoader, this,
          taskManager.timers(), null, s -> resources.slotBudget(s.subtaskIndex()), s -> java.util.Map.of()));
    } catch (RuntimeException | Error e) {
      taskManager.close();
      closeCachedFiles();
      throw e;
    } catch (IOException | InterruptedException e) {
      taskManager.close(); // cannot happen without a network: every channel is in this JVM
      closeCachedFiles();
      throw new IllegalStateException("wiring the job failed: " + e, e);
    }
    try {
      checkpoints = LocalCheckpoints.startIfEnabled(jobId, tasks, graph.configuration(), taskManager.timers());
    } catch (IOException | RuntimeException e) {
      taskManager.close();
      closeCachedFiles();
      throw new IllegalStateException("cannot set up checkpoints: " + e.getMessage(), e);
    }
    status = JobStatus.RUNNING;
    for (Task t : tasks) {
      taskManager.deploy(t.setup().subtaskIndex(), t);
    }
  }

  @Override
  public void checkpointAcknowledged(Task task, long checkpointId, byte[] state) {
    LocalCheckpoints c = checkpoints;
    if (c != null) {
      c.acknowledged(task, checkpointId);
    }
  }

  @Override
  public void inputEnded(Task task) {
    LocalCheckpoints c = checkpoints;
    if (c != null) {
      c.inputEnded(task);
    }
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
    if (checkpoints != null) {
      checkpoints.stop();
    }
    taskManager.close();
    closeCachedFiles();
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

  private void closeCachedFiles() {
    try {
      cachedFiles.close();
    } catch (Exception e) {
      LOG.warn("Job '{}' ({}): could not delete its cached files: {}", graph.jobName(), jobId, e.toString());
    }
  }

  private static String rootMessage(Throwable t) {
    return OperatorException.describe(t);
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
