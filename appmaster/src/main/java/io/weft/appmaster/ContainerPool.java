package io.weft.appmaster;

import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * What the TaskManager registry asks of the cluster: containers for TaskManagers, and back. On YARN
 * this is {@link TaskManagerContainers}; the state machine's tests give a recording one. Event thread only.
 */
interface ContainerPool {
  /** Asks for {@code count} more TaskManager containers. */
  void request(int count);

  /** Withdraws up to {@code count} outstanding requests (a rescale that gave up waiting); a late grant is released as surplus. */
  default void withdraw(int count) {}

  /** Gives a container back (surplus, or a previous attempt's that did not register in time). */
  void release(ContainerId container);

  /** Gives a lost TaskManager's container back; its exit status, once known, goes to the loss's record. */
  void releaseLost(TaskManagerInfo tm);

  /** Counts a lost container against its node, which the cluster is asked to avoid once it failed too often. */
  void countFailureOn(String host);
}
