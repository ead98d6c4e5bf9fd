package io.weft.appmaster;

import io.weft.appmaster.logs.ContainerJvm;
import io.weft.appmaster.containers.ContainerOptions;
import io.weft.appmaster.containers.HeartbeatIntervals;
import io.weft.appmaster.security.ContainerKerberos;
import io.weft.appmaster.containers.NodeFailures;
import io.weft.appmaster.containers.PendingResources;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.container.ContainerContract;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.memory.MemoryOptions;
import io.weft.core.memory.TaskManagerMemory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import io.weft.appmaster.containers.MemoryKill;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YARN side of a job's TaskManagers: asks the ResourceManager for their containers, launches a
 * TaskManager in each one allocated, and turns what the AMRM and NM clients report into
 * {@link ContainerEvents} (the TaskManager registry's). It keeps the JobManager's state machine free
 * of YARN's bookkeeping (outstanding requests, exit statuses still to come, the node blacklist).
 *
 * <p>Like the JobManager's own state, everything here but the callbacks' entry points runs on the
 * JobManager's event thread: the callbacks only post to it.
 */
final class TaskManagerContainers implements ContainerPool {
  /** The JobManager's logger, so these lines keep the category they always had in the ApplicationMaster's log. */
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

  private final ContainerEvents events;
  private final ApplicationAttemptId attemptId;
  private final Placement placement;
  private final Configuration conf;
  private final YarnConfiguration yarnConf;
  private final String stagingDir;
  private final String secret;
  private final String jobManagerAddress;
  private final NodeFailures nodeFailures;
  private final PendingResources pendingResources;
  private AMRMClientAsync<ContainerRequest> amrm;
  private NMClientAsync nm;
  /** The requests made before the JobManager existed; null until {@link #use}. */
  private EarlyContainerRequests early;
  private final CompletableFuture<Map<String, LocalResource>> files = new CompletableFuture<>();
  private int pendingRequests;
  /** Fast while {@link #pendingRequests} wait, slow otherwise; null until {@link #use}. */
  private HeartbeatIntervals heartbeat;
  private Resource requested;
  /** Lost TaskManagers' containers whose final status YARN has not reported yet. */
  private final Map<ContainerId, String> awaitingExitStatus = new HashMap<>();
  /** The TaskManager id of each container this attempt launched, to name it when the container ends. */
  private final Map<ContainerId, String> launchedAs = new HashMap<>();
  /** Containers whose end was handled (ids are never reused; a few bytes per container ever launched). */
  private final Set<ContainerId> endReported = new HashSet<>();
  /** A TaskManager's last metrics (for a memory kill's breakdown); none until the JobManager connects its store. */
  private java.util.function.Function<String, io.weft.appmaster.metrics.MetricStore.Report> lastReports = id -> null;
  private int replacements;
  private final Set<Integer> usedIndexes = new HashSet<>();

  TaskManagerContainers(ContainerEvents events, ApplicationAttemptId attemptId, Placement placement,
      Configuration conf, YarnConfiguration yarnConf, String stagingDir, String secret, String jobManagerAddress) {
    this.events = events;
    this.attemptId = attemptId;
    this.placement = placement;
    this.conf = conf;
    this.yarnConf = yarnConf;
    this.stagingDir = stagingDir;
    this.secret = secret;
    this.jobManagerAddress = jobManagerAddress;
    this.nodeFailures = new NodeFailures(conf.get(HighAvailabilityOptions.CONTAINER_FAILURES_PER_NODE));
    this.pendingResources = new PendingResources(attemptId.getApplicationId().toString(),
        String.valueOf(conf.getString("yarn.application.queue")), conf.get(ContainerOptions.PENDING_RESOURCES_INTERVAL));
  }

  /**
   * Takes the clients to use from now on, and the containers {@code early} asked for before the
   * JobManager existed as outstanding requests of its own; answers the resource every container is
   * requested with.
   */
  Resource use(AMRMClientAsync<ContainerRequest> amrm, NMClientAsync nm, EarlyContainerRequests early) {
    this.amrm = amrm;
    this.nm = nm;
    this.early = early;
    requested = taskManagerResource(conf);
    pendingRequests = early.requested();
    heartbeat = new HeartbeatIntervals(conf, amrm::setHeartbeatInterval);
    pendingChanged();
    return requested;
  }

  /** Where a killed TaskManager's last memory figures come from. */
  void reportMemoryFrom(io.weft.appmaster.metrics.MetricStore store) {
    lastReports = store::last;
  }

  /** Lists the containers' files; every launch waits for this list. */
  void listFiles() throws Exception {
    try {
      var all = ContainerFiles.collect(FileSystem.get(yarnConf), new Path(stagingDir),
          conf.get(StagedOptions.LIB_DIRS), LocalResourceVisibility.valueOf(conf.get(StagedOptions.LIB_VISIBILITY)));
      all.putAll(io.weft.appmaster.cache.CachedFileResources.remote(conf, yarnConf));
      files.complete(all);
    } catch (Exception e) {
      files.completeExceptionally(e);
      throw e;
    }
  }

  /** A TaskManager container's memory and vcores: from the configuration alone, so known before the plan. */
  static Resource taskManagerResource(Configuration conf) {
    int memoryMb = (int) conf.get(MemoryOptions.TM_PROCESS_SIZE).mebiBytes();
    return Resource.newInstance(memoryMb, CoreOptions.vcoresPerTaskManager(conf));
  }

  /** What every TaskManager container is asked for; the same request removes a fulfilled one. */
  static ContainerRequest containerRequest(Resource resource) {
    return new ContainerRequest(resource, null, null, Priority.newInstance(1));
  }

  private ContainerRequest containerRequest() {
    return containerRequest(requested);
  }

  /** Calls the ResourceManager often while containers wait for it, seldom otherwise. */
  private void pendingChanged() {
    if (heartbeat != null) {
      heartbeat.pending(pendingRequests);
    }
  }

  /** Why containers wait, once they waited past yarn.pending-resources.interval; else null. */
  String pendingResources() {
    return amrm == null ? null : pendingResources.update(pendingRequests, requested, amrm.getAvailableResources(),
        amrm.getClusterNodeCount(), System.currentTimeMillis());
  }

  @Override
  public void request(int count) {
    pendingRequests += count;
    for (int i = 0; i < count; i++) {
      amrm.addContainerRequest(containerRequest());
    }
    pendingChanged();
  }

  @Override
  public void withdraw(int count) {
    int n = Math.min(count, pendingRequests);
    pendingRequests -= n;
    for (int i = 0; i < n; i++) {
      amrm.removeContainerRequest(containerRequest());
    }
    pendingChanged();
    if (n > 0) {
      LOG.info("[{}] Withdrew {} TaskManager container request(s)", attemptId, n);
    }
  }

  @Override
  public void release(ContainerId container) {
    amrm.releaseAssignedContainer(container);
  }

  /** Releases a lost TaskManager's container; its exit status, once YARN reports it, goes to the loss's record. */
  @Override
  public void releaseLost(TaskManagerInfo tm) {
    awaitingExitStatus.put(tm.container.getId(), tm.id);
    // The NodeManager knows why a killed container ended as soon as it is dead; the
    // ResourceManager may instead report our own release (-100) when it hears of that first, so
    // a memory kill's reason would be lost. Ask the node (answer in nodeStatus).
    if (launchedAs.containsKey(tm.container.getId())) {
      nm.getContainerStatusAsync(tm.container.getId(), tm.container.getNodeId());
    }
    amrm.releaseAssignedContainer(tm.container.getId());
  }

  /** Counts a lost container against its node, which YARN is asked to avoid once it failed too often. */
  @Override
  public void countFailureOn(String host) {
    if (nodeFailures.failed(host, amrm.getClusterNodeCount())) {
      LOG.warn("[{}] {} TaskManager containers failed on node {}; asking YARN for no more containers there",
          attemptId, nodeFailures.failuresOn(host), host);
      amrm.updateBlacklist(List.of(host), List.of());
    }
  }

  private ContainerLaunchContext launchContext(TaskManagerInfo tm) {
    Map<String, String> env = new HashMap<>(ApplicationMasterMain.containerEnvironment(stagingDir));
    env.put(ContainerContract.ENV_JOBMANAGER_ADDRESS, jobManagerAddress);
    env.put(ContainerContract.ENV_TASKMANAGER_ID, tm.id);
    List<String> command = new ArrayList<>();
    command.add(ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java");
    command.addAll(TaskManagerMemory.of(conf).jvmOptions());
    String opens = conf.get(StagedOptions.JVM_OPENS);
    if (!opens.isBlank()) {
      command.add(opens.trim());
    }
    command.addAll(ContainerKerberos.jvmOptions(conf));
    command.addAll(ContainerJvm.options(conf, ContainerJvm.Role.TASKMANAGER));
    command.add(ContainerContract.TASKMANAGER_MAIN_CLASS);
    command.addAll(ContainerJvm.redirections(ContainerJvm.Role.TASKMANAGER));
    // Only the secret: never this process's own tokens (its AMRMToken is the ApplicationMaster's alone).
    return ContainerLaunchContext.newInstance(files.join(), env, List.of(String.join(" ", command)), null,
        ContainerKerberos.taskManagerTokens(secret), null);
  }

  private static String exitStatusName(int status) {
    switch (status) {
      case ContainerExitStatus.KILLED_EXCEEDED_PMEM:
        return " (killed for exceeding its physical memory)";
      case ContainerExitStatus.KILLED_EXCEEDED_VMEM:
        return " (killed for exceeding its virtual memory)";
      case ContainerExitStatus.PREEMPTED:
        return " (preempted)";
      case ContainerExitStatus.ABORTED:
        return " (aborted)";
      default:
        return "";
    }
  }

  /** Event thread: each container fills a free position of the placement, or is released as surplus. */
  private void allocated(List<Container> containers) {
    for (Container c : containers) {
      if (events.stopping() || pendingRequests == 0) {
        LOG.info("[{}] Releasing surplus container {}", attemptId, c.getId());
        amrm.releaseAssignedContainer(c.getId());
        continue;
      }
      pendingRequests--;
      pendingChanged();
      if (early == null || !early.requestRemovedFor(c.getId())) {
        amrm.removeContainerRequest(containerRequest());
      }
      int index = events.freePosition();
      if (index < 0) {
        LOG.info("[{}] Releasing surplus container {}", attemptId, c.getId());
        amrm.releaseAssignedContainer(c.getId());
        continue;
      }
      // A position taken before (this attempt or an earlier one) gets a new name, so logs tell them apart.
      boolean replacement = attemptId.getAttemptId() > 1 || !usedIndexes.add(index);
      TaskManagerInfo tm = new TaskManagerInfo("tm-" + index + (replacement ? "-r" + (++replacements) : ""),
          index, c);
      events.launched(tm);
      launchedAs.put(c.getId(), tm.id);
      LOG.info("[{}] Launching TaskManager {} in container {} on {} ({})", attemptId, tm.id, c.getId(),
          c.getNodeId(), c.getResource());
      try {
        nm.startContainerAsync(c, launchContext(tm));
      } catch (RuntimeException e) {
        events.failed("cannot launch TaskManager " + tm.id + ": " + e.getMessage());
        return;
      }
    }
  }

  /** Event thread: a lost TaskManager's container completes its record; any other's end is a loss, unless stopping. */
  private void completed(List<ContainerStatus> statuses) {
    for (ContainerStatus s : statuses) {
      ended(s.getContainerId(), s.getExitStatus(), s.getDiagnostics());
    }
  }

  /** Event thread: what a NodeManager said of a lost TaskManager's container; only a memory kill is news. */
  private void nodeStatus(ContainerId id, ContainerStatus s) {
    if (awaitingExitStatus.containsKey(id) && MemoryKill.isMemoryKill(s.getExitStatus(), s.getDiagnostics())) {
      ended(id, s.getExitStatus(), s.getDiagnostics());
    }
  }

  /** Event thread: a container ended, as YARN reports it (once per container: the first report counts). */
  private void ended(ContainerId id, int exitStatus, String diagnostics) {
    if (!endReported.add(id)) {
      return; // the NodeManager told us first; the ResourceManager's report adds nothing
    }
    String exit = "exit status " + exitStatus + exitStatusName(exitStatus)
        + (diagnostics == null || diagnostics.isBlank() ? "" : ": " + diagnostics.trim());
    String lostAs = awaitingExitStatus.remove(id);
    String tm = lostAs != null ? lostAs : launchedAs.get(id);
    launchedAs.remove(id);
    String memoryKill = MemoryKill.explain(tm != null ? tm : "in container " + id, exitStatus, diagnostics,
        requested == null ? 0 : requested.getMemorySize(), tm != null ? lastReports.apply(tm) : null);
    if (memoryKill != null) {
      LOG.warn("[{}] {} (container {}, {})", attemptId, memoryKill, id, exit);
    }
    if (lostAs != null) {
      LOG.warn("[{}] The container {} of lost TaskManager {} ended with {}", attemptId, id, lostAs, exit);
      events.lostContainerEnded(lostAs + " container " + id + " ended with " + exit, memoryKill);
      return;
    }
    events.containerEnded(id, memoryKill != null ? memoryKill + " (" + exit + ")" : "its container ended with " + exit);
  }

  // ---- YARN: ResourceManager callbacks ----

  AMRMClientAsync.AbstractCallbackHandler resourceManagerCallbacks() {
    return new AMRMClientAsync.AbstractCallbackHandler() {
      @Override
      public void onContainersAllocated(List<Container> containers) {
        events.post(() -> allocated(containers));
      }

      @Override
      public void onContainersCompleted(List<ContainerStatus> statuses) {
        events.post(() -> completed(statuses));
      }

      @Override
      public void onContainersUpdated(List<UpdatedContainer> containers) {}

      @Override
      public void onShutdownRequest() {
        LOG.warn("[{}] The ResourceManager asked this ApplicationMaster to shut down", attemptId);
        events.post(() -> events.failed("the ResourceManager asked the ApplicationMaster to shut down"));
      }

      @Override
      public void onNodesUpdated(List<NodeReport> updatedNodes) {}

      @Override
      public float getProgress() {
        return events.progress();
      }

      @Override
      public void onError(Throwable e) {
        LOG.error("[{}] Lost the ResourceManager", attemptId, e);
        events.post(() -> events.failed("the ApplicationMaster lost the ResourceManager: " + e));
      }
    };
  }

  // ---- YARN: NodeManager callbacks ----

  NMClientAsync.AbstractCallbackHandler nodeManagerCallbacks() {
    return new NMClientAsync.AbstractCallbackHandler() {
      @Override
      public void onContainerStarted(ContainerId containerId, Map<String, ByteBuffer> allServiceResponse) {
        LOG.info("[{}] Container {} started", attemptId, containerId);
      }

      @Override
      public void onContainerStatusReceived(ContainerId containerId, ContainerStatus containerStatus) {
        events.post(() -> nodeStatus(containerId, containerStatus));
      }

      @Override
      public void onContainerStopped(ContainerId containerId) {}

      @Override
      public void onStartContainerError(ContainerId containerId, Throwable t) {
        events.post(() -> events.failed("cannot start TaskManager container " + containerId + ": " + t));
      }

      @Override
      public void onGetContainerStatusError(ContainerId containerId, Throwable t) {}

      @Override
      public void onStopContainerError(ContainerId containerId, Throwable t) {}

      @Override
      public void onContainerResourceIncreased(ContainerId containerId, Resource resource) {}

      @Override
      public void onContainerResourceUpdated(ContainerId containerId, Resource resource) {}

      @Override
      public void onIncreaseContainerResourceError(ContainerId containerId, Throwable t) {}

      @Override
      public void onUpdateContainerResourceError(ContainerId containerId, Throwable t) {}
    };
  }
}
