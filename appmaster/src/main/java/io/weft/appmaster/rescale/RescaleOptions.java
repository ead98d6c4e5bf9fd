package io.weft.appmaster.rescale;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** How the ApplicationMaster rescales a running job in place ({@code weft rescale}, the REST API, the web UI). */
public final class RescaleOptions {
  private RescaleOptions() {}

  public static final ConfigOption<Duration> RESOURCE_TIMEOUT = ConfigOption.of(
      "rescale.resource-timeout", Duration.class, Duration.ofMinutes(2),
      "How long a rescale that needs more TaskManagers waits for YARN to grant and start their containers. The"
          + " job keeps running meanwhile; past this, the rescale is refused, the containers that came are given"
          + " back and the job stays at its old parallelism.");

  public static final ConfigOption<Duration> CHECKPOINT_MAX_AGE = ConfigOption.of(
      "rescale.checkpoint-max-age", Duration.class, Duration.ZERO,
      "A rescale restores the latest checkpoint if it completed at most this long ago, else it takes one first."
          + " 0 always takes a fresh one: less input is read twice after the rescale.");

  public static List<ConfigOption<?>> all() {
    return List.of(RESOURCE_TIMEOUT, CHECKPOINT_MAX_AGE);
  }
}
