package io.weft.appmaster;

import io.weft.core.config.Configuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TaskManager containers requested as soon as the ApplicationMaster registered, before it has read
 * and placed the plan: YARN's grant (the AM's allocate calls and the node's heartbeats, about a
 * second) then overlaps that work instead of following it. The launcher staged how many
 * TaskManagers its own placement of the same plan needs ({@link StagedOptions#TASK_MANAGERS}); the
 * {@link JobManager} takes these requests over as already made and settles any difference.
 *
 * <p>It is also the ResourceManager client's callback handler: until the JobManager exists, what
 * YARN reports (containers granted early, above all) is kept in order and handed over in
 * {@link #attach}, so nothing granted is lost or released for want of a handler.
 */
final class EarlyContainerRequests extends AMRMClientAsync.AbstractCallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyContainerRequests.class);

  private final ApplicationAttemptId attemptId;
  /** What YARN reported before the JobManager's handler came; null once it came. */
  private List<Consumer<AMRMClientAsync.AbstractCallbackHandler>> held = new ArrayList<>();
  private volatile AMRMClientAsync.AbstractCallbackHandler target;
  private int requested;
  private AMRMClientAsync<ContainerRequest> amrm;
  private ContainerRequest request;
  /** Early requests not yet removed for a container granted while held. */
  private int removable;
  private final Set<ContainerId> requestRemoved = new HashSet<>();

  EarlyContainerRequests(ApplicationAttemptId attemptId) {
    this.attemptId = attemptId;
  }

  /**
   * Requests the staged number of TaskManager containers, unless the launcher staged none or
   * containers of an earlier attempt were kept (their TaskManagers come back; the JobManager asks
   * for what is missing once it knows which). Answers how many were requested.
   */
  int request(AMRMClientAsync<ContainerRequest> amrm, Configuration conf, int keptContainers) {
    Integer staged = conf.get(StagedOptions.TASK_MANAGERS);
    if (staged == null || staged < 1 || keptContainers > 0) {
      return 0;
    }
    ContainerRequest request = TaskManagerContainers.containerRequest(TaskManagerContainers.taskManagerResource(conf));
    synchronized (this) {
      this.amrm = amrm;
      this.request = request;
      for (int i = 0; i < staged; i++) {
        amrm.addContainerRequest(request);
      }
      requested = staged;
      removable = staged;
    }
    LOG.info("[{}] Requested {} TaskManager container(s) of {} before reading the plan", attemptId, staged,
        request.getCapability());
    return staged;
  }

  synchronized int requested() {
    return requested;
  }

  /** From now on every callback goes to {@code handler}, after what was held for it, in order; once. */
  void attach(AMRMClientAsync.AbstractCallbackHandler handler) {
    List<Consumer<AMRMClientAsync.AbstractCallbackHandler>> replay;
    synchronized (this) {
      if (held == null) {
        return; // attached already
      }
      replay = held;
      held = null;
      target = handler;
    }
    // Outside the lock: the JobManager's handlers only post to its event thread. New callbacks
    // cannot overtake these: AMRMClientAsync calls its handler from one thread, which is this one
    // or waits on the lock above.
    replay.forEach(call -> call.accept(handler));
  }

  private void deliver(Consumer<AMRMClientAsync.AbstractCallbackHandler> call) {
    AMRMClientAsync.AbstractCallbackHandler now;
    synchronized (this) {
      now = target;
      if (now == null) {
        held.add(call);
        return;
      }
    }
    call.accept(now);
  }

  /**
   * A container granted before the JobManager took over has its request removed at once: the
   * client keeps asking for every request not removed, so one left standing while the grant waits
   * would be granted again (and released as surplus).
   */
  @Override
  public void onContainersAllocated(List<Container> containers) {
    synchronized (this) {
      if (target == null) {
        for (Container c : containers) {
          if (removable > 0) {
            amrm.removeContainerRequest(request);
            removable--;
            requestRemoved.add(c.getId());
          }
        }
        held.add(h -> h.onContainersAllocated(containers));
        LOG.info("[{}] {} container(s) granted before the JobManager started; they wait for it", attemptId,
            containers.size());
        return;
      }
    }
    target.onContainersAllocated(containers);
  }

  /** Whether {@code container}'s request was removed here already (answers true once per container). */
  synchronized boolean requestRemovedFor(ContainerId container) {
    return requestRemoved.remove(container);
  }

  @Override
  public void onContainersCompleted(List<ContainerStatus> statuses) {
    deliver(h -> h.onContainersCompleted(statuses));
  }

  @Override
  public void onContainersUpdated(List<UpdatedContainer> containers) {
    deliver(h -> h.onContainersUpdated(containers));
  }

  @Override
  public void onShutdownRequest() {
    deliver(AMRMClientAsync.AbstractCallbackHandler::onShutdownRequest);
  }

  @Override
  public void onNodesUpdated(List<NodeReport> updatedNodes) {
    deliver(h -> h.onNodesUpdated(updatedNodes));
  }

  @Override
  public float getProgress() {
    AMRMClientAsync.AbstractCallbackHandler now = target;
    return now == null ? 0f : now.getProgress();
  }

  @Override
  public void onError(Throwable e) {
    deliver(h -> h.onError(e));
  }
}
