package io.weft.appmaster.web;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/** The JobManager's web UI and REST API (the application's tracking URL). */
public final class WebOptions {
  private WebOptions() {}

  public static final ConfigOption<Integer> PORT = ConfigOption.of(
      "rest.port", Integer.class, 0,
      "Port of the JobManager's web UI and REST API, which YARN's tracking URL points at; 0 picks a free port "
          + "(several ApplicationMasters may share a host).");

  public static final ConfigOption<Duration> REFRESH_INTERVAL = ConfigOption.of(
      "web.refresh-interval", Duration.class, Duration.ofSeconds(3),
      "How often the web UI reloads its figures while the job runs.");

  public static final ConfigOption<Duration> MAX_CLOCK_SKEW = ConfigOption.of(
      "rest.actions.max-clock-skew", Duration.class, Duration.ofMinutes(5),
      "How far the timestamp of a signed REST action (cancel, savepoint) may be from the JobManager's clock; "
          + "a signature is accepted once within this window.");

  public static List<ConfigOption<?>> all() {
    return List.of(PORT, REFRESH_INTERVAL, MAX_CLOCK_SKEW);
  }
}
