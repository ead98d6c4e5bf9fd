package io.weft.appmaster.containers;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts lost TaskManager containers per node and says when a node has failed often enough to be
 * put on the application's YARN blacklist ({@code yarn.blacklist.container-failures-per-node}),
 * never the cluster's last node.
 */
public final class NodeFailures {
  private final int threshold;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Set<String> blacklisted = new HashSet<>();

  /** @param threshold failures after which a node is blacklisted; 0 or less never blacklists */
  public NodeFailures(int threshold) {
    this.threshold = threshold;
  }

  /**
   * Records a lost container on {@code host}; true exactly once, when the host reaches the threshold,
   * unless blacklisting it would leave fewer than one of the cluster's {@code clusterNodes} nodes:
   * a job with nowhere to run could never recover.
   */
  public boolean failed(String host, int clusterNodes) {
    int count = failures.merge(host, 1, Integer::sum);
    if (threshold <= 0 || count < threshold || blacklisted.contains(host) || blacklisted.size() + 1 >= clusterNodes) {
      return false;
    }
    return blacklisted.add(host);
  }

  public int failuresOn(String host) {
    return failures.getOrDefault(host, 0);
  }
}
