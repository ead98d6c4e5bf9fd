package io.weft.appmaster.containers;

import java.time.Duration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a job waits when YARN does not grant its TaskManager containers: once containers have
 * been pending longer than the interval, a message with what was asked (count, memory, vcores) and
 * what the ResourceManager last said this application can still get (its headroom: the queue's
 * room, capped by the cluster's free resources), logged once per interval until the containers come.
 */
public final class PendingResources {
  private static final Logger LOG = LoggerFactory.getLogger(PendingResources.class);

  private final String applicationId;
  private final String queue;
  private final long intervalMillis;
  private long pendingSinceMillis = -1;
  private long loggedMillis = -1;
  private String message;

  public PendingResources(String applicationId, String queue, Duration interval) {
    this.applicationId = applicationId;
    this.queue = queue;
    this.intervalMillis = Math.max(1, interval.toMillis());
  }

  /**
   * Updates the state from the current figures; answers the message to show, or null while nothing
   * waits (or not for long).
   *
   * @param pending containers requested and not granted yet
   * @param each what each container was asked with
   * @param headroom what the ResourceManager's last answer said this application may still get (may be null)
   * @param nodes the NodeManagers of the cluster
   */
  public String update(int pending, Resource each, Resource headroom, int nodes, long nowMillis) {
    if (pending <= 0 || each == null) {
      if (message != null) {
        LOG.info("[{}] YARN granted the pending TaskManager containers after {} s", applicationId,
            (nowMillis - pendingSinceMillis) / 1000);
      }
      pendingSinceMillis = -1;
      loggedMillis = -1;
      message = null;
      return null;
    }
    if (pendingSinceMillis < 0) {
      pendingSinceMillis = nowMillis;
    }
    long waited = nowMillis - pendingSinceMillis;
    if (waited < intervalMillis) {
      return null;
    }
    message = describe(pending, each, headroom, nodes, waited);
    if (loggedMillis < 0 || nowMillis - loggedMillis >= intervalMillis) {
      loggedMillis = nowMillis;
      LOG.warn("[{}] {}", applicationId, message);
    }
    return message;
  }

  /** The message now, or null. */
  public String message() {
    return message;
  }

  String describe(int pending, Resource each, Resource headroom, int nodes, long waitedMillis) {
    StringBuilder b = new StringBuilder("Waiting ").append(waitedMillis / 1000).append(" s for ").append(pending)
        .append(" TaskManager container").append(pending == 1 ? "" : "s").append(" of ").append(each.getMemorySize())
        .append(" MB and ").append(each.getVirtualCores()).append(" vcore").append(each.getVirtualCores() == 1 ? "" : "s")
        .append(pending == 1 ? "" : " each").append(" that YARN has not granted: ");
    if (headroom == null) {
      b.append("the ResourceManager has not said yet what this application can get");
    } else {
      b.append("this application can get ").append(Math.max(0, headroom.getMemorySize())).append(" MB and ")
          .append(Math.max(0, headroom.getVirtualCores())).append(" vcores more");
      boolean memory = headroom.getMemorySize() < each.getMemorySize();
      boolean vcores = headroom.getVirtualCores() < each.getVirtualCores();
      if (memory || vcores) {
        b.append(" (").append(memory && vcores ? "too little memory and too few vcores" : memory ? "too little memory"
            : "too few vcores").append(" for one container)");
      }
    }
    b.append(" in queue '").append(queue).append("' on ").append(nodes).append(" NodeManager").append(nodes == 1 ? "" : "s")
        .append("; the job waits until other applications free resources (or cancel it and ask for less: -ytm, -ys,"
            + " yarn.containers.vcores)");
    return b.toString();
  }

  /** The queue, for callers that name it. */
  public String queue() {
    return queue;
  }
}
