package io.weft.appmaster.containers;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** How the ApplicationMaster places subtasks on TaskManagers and deals with containers YARN is slow to grant. */
public final class ContainerOptions {
  private ContainerOptions() {}

  public static final ConfigOption<Duration> PENDING_RESOURCES_INTERVAL = ConfigOption.of(
      "yarn.pending-resources.interval", Duration.class, Duration.ofSeconds(10),
      "How long TaskManager containers may wait ungranted before the JobManager says why (its log, a banner in the"
          + " web UI, pendingResources in api/v1/overview, the attached weft run), and how often its log says it again.");

  public static final ConfigOption<Boolean> EVENLY_SPREAD_OUT_SLOTS = ConfigOption.of(
      "cluster.evenly-spread-out-slots", Boolean.class, true,
      "Spread each task's subtasks over the job's TaskManagers (subtask i on TaskManager i mod n, n ="
          + " ceil(max parallelism / slots)), so a task of lower parallelism than the job's largest runs on as many"
          + " TaskManagers as it has subtasks. false packs them: subtask i on TaskManager i / slots, filling one"
          + " TaskManager's slots before the next. Either way the job asks for the same TaskManagers. Unlike Flink's"
          + " default (false): a Weft job always has exactly the TaskManagers it needs, so spreading never keeps a"
          + " container that packing would have freed.");

  public static final ConfigOption<Duration> HEARTBEAT_CONTAINER_REQUEST_INTERVAL = ConfigOption.of(
      "yarn.heartbeat.container-request-interval", Duration.class, Duration.ofMillis(500),
      "How often the ApplicationMaster calls the ResourceManager while TaskManager containers are requested and not"
          + " yet granted: each call sends new requests and collects the containers granted since the last. As"
          + " Flink's.");

  public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOption.of(
      "yarn.heartbeat.interval", Duration.class, Duration.ofSeconds(5),
      "How often the ApplicationMaster calls the ResourceManager while no container is requested: its liveness,"
          + " the job's progress, and the final statuses of ended containers (a lost TaskManager is noticed by its"
          + " connection first). As Flink's.");

  public static List<ConfigOption<?>> all() {
    return List.of(PENDING_RESOURCES_INTERVAL, EVENLY_SPREAD_OUT_SLOTS, HEARTBEAT_CONTAINER_REQUEST_INTERVAL,
        HEARTBEAT_INTERVAL);
  }
}
