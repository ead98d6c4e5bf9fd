package io.weft.appmaster.containers;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** How the ApplicationMaster deals with TaskManager containers YARN is slow to grant. */
public final class ContainerOptions {
  private ContainerOptions() {}

  public static final ConfigOption<Duration> PENDING_RESOURCES_INTERVAL = ConfigOption.of(
      "yarn.pending-resources.interval", Duration.class, Duration.ofSeconds(10),
      "How long TaskManager containers may wait ungranted before the JobManager says why (its log, a banner in the"
          + " web UI, pendingResources in api/v1/overview, the attached weft run), and how often its log says it again.");

  public static List<ConfigOption<?>> all() {
    return List.of(PENDING_RESOURCES_INTERVAL);
  }
}
