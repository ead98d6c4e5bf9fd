package io.weft.core.ha;

import io.weft.core.config.ConfigOption;
import java.time.Duration;
import java.util.List;

/**
 * High availability on YARN: how ApplicationMaster attempts and lost TaskManager containers are
 * handled, and how many attempts there are.
 */
public final class HighAvailabilityOptions {
  private HighAvailabilityOptions() {}

  /**
   * Read by the launcher (it asks YARN for that many) and by the ApplicationMaster (its last attempt
   * deletes the staging directory when killed).
   */
  public static final ConfigOption<Integer> APPLICATION_ATTEMPTS = ConfigOption.of(
      "yarn.application-attempts", Integer.class, 2,
      "How often YARN starts the ApplicationMaster before the application fails.");

  public static final ConfigOption<Long> ATTEMPT_FAILURES_VALIDITY_INTERVAL = ConfigOption.of(
      "yarn.application-attempt-failures-validity-interval", Long.class, -1L,
      "Milliseconds within which ApplicationMaster failures count towards yarn.application-attempts; older ones"
          + " are forgotten. -1 counts every failure, so a job whose ApplicationMaster fails the same way on every"
          + " attempt ends FAILED instead of restarting forever.");

  public static final ConfigOption<Duration> RECONNECT_TIMEOUT = ConfigOption.of(
      "yarn.taskmanager.reconnect-timeout", Duration.class, Duration.ofSeconds(60),
      "How long a TaskManager whose JobManager went away waits for the next ApplicationMaster attempt, and how"
          + " long a new attempt waits for the previous attempt's TaskManagers to register again before it"
          + " releases their containers and requests new ones.");

  public static final ConfigOption<Integer> CONTAINER_FAILURES_PER_NODE = ConfigOption.of(
      "yarn.blacklist.container-failures-per-node", Integer.class, 3,
      "After this many lost TaskManager containers on one node the JobManager asks YARN for no more containers"
          + " there (the application's blacklist); 0 never blacklists.");

  /** Every option of this class, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(APPLICATION_ATTEMPTS, ATTEMPT_FAILURES_VALIDITY_INTERVAL, RECONNECT_TIMEOUT, CONTAINER_FAILURES_PER_NODE);
  }
}
