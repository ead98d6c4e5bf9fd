package io.weft.appmaster;

import io.weft.appmaster.containers.TaskManagerIndexes;
import io.weft.core.rpc.RegisterTaskManager;
import io.weft.core.rpc.RegistrationAccepted;
import io.weft.core.rpc.RegistrationRejected;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's TaskManagers: which containers may register, their connections, heartbeats, loss and
 * replacement, and those kept from an earlier ApplicationMaster attempt. What a loss means for the
 * job (a restart) is the {@link Listener}'s ({@link JobStateMachine}) to decide; containers come and
 * go through a {@link ContainerPool}. Event thread only, but for {@link #progress()}.
 */
final class TaskManagerRegistry implements ContainerEvents {
  /** The JobManager's logger, so these lines keep the category they always had in the ApplicationMaster's log. */
  private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
  /** A registered TaskManager silent for this long (it heartbeats every 5 s) is lost. */
  static final long HEARTBEAT_TIMEOUT_MILLIS = 30_000;

  /** What the job does about its TaskManagers coming and going. Event thread. */
  interface Listener {
    /** Whether the job is ending: no registration, loss or replacement counts any more. */
    boolean stopping();

    /** A TaskManager registered: the job may be ready to deploy. */
    void taskManagerRegistered();

    /**
     * A TaskManager was lost (its container already released and a replacement requested).
     *
     * @param index its position in the placement, -1 if it never took one
     * @param what names the TaskManager, its container and node
     */
    void taskManagerLost(int index, String what, String cause);

    /** Why a TaskManager already reported lost ended, once YARN said it (a memory kill): for the job's failures. */
    void taskManagerExplained(String explanation);

    /** The job cannot go on (a TaskManager offers too few slots, the cluster cannot run TaskManagers). */
    void failJob(String reason);

    /** A TaskManager's connection or container ended: a stopping job may now be done. */
    void maybeCompleteStop();

    /** The job's progress, for the ResourceManager; any thread. */
    float progress();
  }

  private final ApplicationAttemptId attemptId;
  private final Placement placement;
  private final Duration reconnectTimeout;
  private final EventLoop loop;
  private ContainerPool pool;
  private Listener job;
  private final Map<ContainerId, TaskManagerInfo> taskManagers = new LinkedHashMap<>();
  /**
   * {@link #taskManagerAt} without a scan (deployments and cancellations ask once per subtask, peers
   * once per peer); rebuilt after any change to {@link #taskManagers} or a position, null until then.
   */
  private Map<Integer, TaskManagerInfo> byIndex;
  /** Why TaskManagers were lost, for the logs, the status page and the application's diagnostics. */
  private final List<String> lostTaskManagers = new ArrayList<>();

  TaskManagerRegistry(ApplicationAttemptId attemptId, Placement placement, Duration reconnectTimeout, EventLoop loop) {
    this.attemptId = attemptId;
    this.placement = placement;
    this.reconnectTimeout = reconnectTimeout;
    this.loop = loop;
  }

  /** Connects the registry to the cluster and the job; once, before any event. */
  void connect(ContainerPool pool, Listener job) {
    this.pool = pool;
    this.job = job;
  }

  /**
   * The containers an earlier attempt launched and YARN kept: their TaskManagers are expected to
   * register again within the reconnect timeout, then {@link #replaceSilentPreviousTaskManagers()}.
   */
  void expectFromPreviousAttempts(List<Container> containers) {
    for (Container c : containers) {
      TaskManagerInfo tm = new TaskManagerInfo(null, -1, c);
      tm.previous = true;
      taskManagers.put(c.getId(), tm);
      byIndex = null;
      LOG.info("[{}] Waiting up to {} s for the TaskManager in container {} on {} (kept from an earlier attempt)",
          attemptId, reconnectTimeout.toSeconds(), c.getId(), c.getNodeId());
    }
  }

  /** Asks for {@code count} TaskManager containers. */
  void request(int count) {
    pool.request(count);
  }

  Duration reconnectTimeout() {
    return reconnectTimeout;
  }

  /** Every registered TaskManager silent for longer than {@link #HEARTBEAT_TIMEOUT_MILLIS} is lost (one per check). */
  void checkHeartbeats() {
    long now = System.currentTimeMillis();
    for (TaskManagerInfo tm : taskManagers.values()) {
      RpcConnection c = tm.connection;
      if (c != null && now - c.lastReceivedMillis() > HEARTBEAT_TIMEOUT_MILLIS) {
        taskManagerLost(tm, "not heard from for " + (now - c.lastReceivedMillis()) / 1000 + " s");
        return;
      }
    }
  }

  /** The containers of the previous attempt that did not register in time are released and replaced. */
  void replaceSilentPreviousTaskManagers() {
    if (job.stopping()) {
      return;
    }
    for (TaskManagerInfo tm : new ArrayList<>(taskManagers.values())) {
      if (tm.previous && tm.index < 0) {
        LOG.warn("[{}] The TaskManager in container {} (earlier attempt) did not register within {} s; releasing it"
            + " and requesting a new container", attemptId, tm.container.getId(), reconnectTimeout.toSeconds());
        taskManagers.remove(tm.container.getId());
        byIndex = null;
        pool.release(tm.container.getId());
        pool.request(1);
      }
    }
  }

  /**
   * Answers a TaskManager's registration: accepted when its container is one this JobManager launched
   * (or an earlier attempt's, taking the position its id names when free) and it has not registered yet.
   */
  RpcMessage register(RpcConnection connection, RegisterTaskManager register) {
    TaskManagerInfo tm = null;
    for (TaskManagerInfo candidate : taskManagers.values()) {
      if (candidate.container.getId().toString().equals(register.containerId())) {
        tm = candidate;
      }
    }
    boolean stopping = job.stopping();
    if (tm != null && tm.previous && tm.index < 0 && tm.connection == null && !stopping) {
      int index = TaskManagerIndexes.forReconnecting(register.taskManagerId(), placement.numTaskManagers(),
          takenIndexes());
      if (index < 0) {
        LOG.info("[{}] Releasing container {} of an earlier attempt: the job needs no more TaskManagers", attemptId,
            tm.container.getId());
        taskManagers.remove(tm.container.getId());
        byIndex = null;
        pool.release(tm.container.getId());
        return new RegistrationRejected("the job needs no more TaskManagers");
      }
      tm.index = index;
      byIndex = null;
      tm.id = register.taskManagerId();
      LOG.info("[{}] TaskManager {} of an earlier attempt reconnected (container {}); it takes position {}",
          attemptId, tm.id, tm.container.getId(), index);
    }
    if (tm == null || !tm.id.equals(register.taskManagerId())) {
      LOG.warn("[{}] Rejecting TaskManager {} from unknown container {}", attemptId, register.taskManagerId(),
          register.containerId());
      return new RegistrationRejected("container " + register.containerId() + " was not started by this JobManager");
    }
    if (tm.connection != null) {
      return new RegistrationRejected("TaskManager " + tm.id + " is already registered");
    }
    if (stopping) {
      return new RegistrationRejected("the job is ending");
    }
    if (register.numSlots() < placement.slots()) {
      job.failJob("TaskManager " + tm.id + " offers " + register.numSlots() + " slots, but the job was placed on "
          + placement.slots());
      return new RegistrationRejected("too few slots");
    }
    tm.connection = connection;
    tm.dataHost = register.host();
    tm.dataPort = register.dataPort();
    connection.setPeerName(tm.id);
    LOG.info("[{}] TaskManager {} registered from {} ({} slots, container {})", attemptId, tm.id,
        connection.remoteAddress(), register.numSlots(), register.containerId());
    loop.post(job::taskManagerRegistered);
    return new RegistrationAccepted("jm-" + attemptId, attemptId.getAttemptId());
  }

  /** A TaskManager's connection closed: lost, unless the job is stopping. */
  void connectionClosed(RpcConnection connection, Throwable cause) {
    boolean stopping = job.stopping();
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.connection == connection) {
        tm.connection = null;
        tm.completed = tm.completed || stopping;
        if (!stopping) {
          taskManagerLost(tm, "its connection closed" + (cause != null ? ": " + cause.getMessage() : ""));
          break;
        }
      }
    }
    job.maybeCompleteStop();
  }

  /**
   * A TaskManager is gone (its container ended, its connection closed, or it went silent): its
   * container is released and replaced, the cause recorded, its node counted towards the
   * blacklist; then the job decides what the loss means for it.
   */
  void taskManagerLost(TaskManagerInfo tm, String cause) {
    if (job.stopping() || taskManagers.remove(tm.container.getId()) == null) {
      return;
    }
    byIndex = null;
    String host = tm.container.getNodeId().getHost();
    String what = "TaskManager " + tm.id + " (container " + tm.container.getId() + " on " + tm.container.getNodeId()
        + ", application attempt " + attemptId.getAttemptId() + ")";
    LOG.warn("[{}] Lost {}: {}; requesting a replacement container", attemptId, what, cause);
    lostTaskManagers.add(what + ": " + cause);
    if (!tm.completed) {
      pool.releaseLost(tm);
    }
    if (tm.connection != null) {
      RpcConnection c = tm.connection;
      tm.connection = null;
      c.close();
    }
    pool.countFailureOn(host);
    pool.request(1);
    job.taskManagerLost(tm.index, what, cause);
  }

  /** Sends {@code message} to every connected TaskManager. */
  void sendToAll(RpcMessage message) {
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.connection != null) {
        tm.connection.send(message);
      }
    }
  }

  /** Sends {@code message} to the TaskManager at a position of the placement, if it is connected. */
  void sendTo(int index, RpcMessage message) {
    TaskManagerInfo tm = taskManagerAt(index);
    if (tm != null && tm.connection != null) {
      tm.connection.send(message);
    }
  }

  /** Whether every position of the placement has a registered TaskManager. */
  boolean allRegistered() {
    long registered = taskManagers.values().stream().filter(tm -> tm.index >= 0 && tm.connection != null).count();
    return registered >= placement.numTaskManagers();
  }

  /** Whether every TaskManager is disconnected or ended: a stopping job may complete. */
  boolean allGone() {
    for (TaskManagerInfo tm : taskManagers.values()) {
      if (tm.connection != null && !tm.completed) {
        return false;
      }
    }
    return true;
  }

  /** The TaskManager at a position of the placement, or null. */
  TaskManagerInfo taskManagerAt(int index) {
    if (byIndex == null) {
      byIndex = new HashMap<>();
      for (TaskManagerInfo tm : taskManagers.values()) {
        byIndex.putIfAbsent(tm.index, tm); // the first in launch order, as a scan would find
      }
    }
    return byIndex.get(index);
  }

  /** The name of the TaskManager at a position of the placement (its planned name before it exists). */
  String taskManagerName(int index) {
    TaskManagerInfo tm = taskManagerAt(index);
    return tm != null ? tm.id : "tm-" + index;
  }

  /** The job's TaskManagers, in launch order. */
  Collection<TaskManagerInfo> all() {
    return Collections.unmodifiableCollection(taskManagers.values());
  }

  List<Integer> takenIndexes() {
    return taskManagers.values().stream().map(tm -> tm.index).filter(i -> i >= 0).toList();
  }

  /** "; lost TaskManagers: ..." for the application's diagnostics, empty when none was lost. */
  String lostNote() {
    return lostTaskManagers.isEmpty() ? "" : "; lost TaskManagers: " + String.join("; ", lostTaskManagers);
  }

  // ---- in-place rescale (rescale.Rescaler through JobRescaling) ----

  /** Withdraws up to {@code count} outstanding container requests. */
  void withdrawRequests(int count) {
    pool.withdraw(count);
  }

  /** How many TaskManagers (launched or registered) hold a position at or beyond {@code positions}. */
  int countAtOrBeyond(int positions) {
    return (int) taskManagers.values().stream().filter(tm -> tm.index >= positions).count();
  }

  /**
   * Shuts down the TaskManagers at positions {@code positions} and beyond and gives their containers
   * back: the job was rescaled to fewer, and none of them runs a task. Removed first, so their end is
   * no loss.
   */
  void releaseAtOrBeyond(int positions, String reason) {
    for (TaskManagerInfo tm : new ArrayList<>(taskManagers.values())) {
      if (tm.index < positions) {
        continue;
      }
      taskManagers.remove(tm.container.getId());
      LOG.info("[{}] Releasing TaskManager {} (container {}): {}", attemptId, tm.id, tm.container.getId(), reason);
      if (tm.connection != null) {
        tm.connection.send(new io.weft.core.rpc.Shutdown(reason));
      }
      pool.release(tm.container.getId());
    }
  }

  // ---- ContainerEvents: what the containers report ----

  @Override
  public void post(Runnable action) {
    loop.post(action);
  }

  @Override
  public boolean stopping() {
    return job.stopping();
  }

  @Override
  public int freePosition() {
    return TaskManagerIndexes.firstFree(placement.numTaskManagers(), takenIndexes());
  }

  @Override
  public void launched(TaskManagerInfo tm) {
    taskManagers.put(tm.container.getId(), tm);
    byIndex = null;
  }

  @Override
  public void containerEnded(ContainerId container, String cause) {
    TaskManagerInfo tm = taskManagers.get(container);
    if (tm == null) {
      return;
    }
    tm.completed = true;
    if (job.stopping()) {
      LOG.info("[{}] TaskManager {} (container {}) ended: {}", attemptId, tm.id, container, cause);
    } else {
      taskManagerLost(tm, cause);
    }
    job.maybeCompleteStop();
  }

  @Override
  public void lostContainerEnded(String record, String memoryKill) {
    lostTaskManagers.add(memoryKill != null ? memoryKill + " (" + record + ")" : record);
    if (memoryKill != null && job != null) {
      job.taskManagerExplained(memoryKill);
    }
  }

  @Override
  public void failed(String reason) {
    job.failJob(reason);
  }

  @Override
  public float progress() {
    return job.progress();
  }
}
