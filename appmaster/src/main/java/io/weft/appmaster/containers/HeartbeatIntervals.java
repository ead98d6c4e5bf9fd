package io.weft.appmaster.containers;

import io.weft.core.config.Configuration;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * The ApplicationMaster's heartbeat to the ResourceManager: fast while TaskManager containers are
 * requested and not yet granted ({@code yarn.heartbeat.container-request-interval}), slow otherwise
 * ({@code yarn.heartbeat.interval}), as Flink's. A grant reaches the ApplicationMaster only with its
 * next call, so while containers wait the interval is on the path to the job's first record; once
 * none wait, a call every few seconds is enough and spares the ResourceManager.
 *
 * <p>Not thread-safe: the JobManager's event thread calls {@link #pending} (the early requests are
 * made before it exists and start the client at the fast interval).
 */
public final class HeartbeatIntervals {
  private final int requestMillis;
  private final int idleMillis;
  private final IntConsumer setInterval;
  private int current;

  /** {@code setInterval} changes the AMRM client's interval (AMRMClientAsync.setHeartbeatInterval). */
  public HeartbeatIntervals(Configuration conf, IntConsumer setInterval) {
    this.requestMillis = millis(conf.get(ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL),
        ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL.key());
    this.idleMillis = millis(conf.get(ContainerOptions.HEARTBEAT_INTERVAL), ContainerOptions.HEARTBEAT_INTERVAL.key());
    this.setInterval = setInterval;
    this.current = requestMillis;
  }

  /**
   * The interval the client starts with: the fast one, since the TaskManager containers are requested
   * right after registration.
   */
  public static int initialMillis(Configuration conf) {
    return millis(conf.get(ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL),
        ContainerOptions.HEARTBEAT_CONTAINER_REQUEST_INTERVAL.key());
  }

  /** Takes the number of containers requested and not yet granted; changes the interval when it must. */
  public void pending(int requests) {
    int wanted = requests > 0 ? requestMillis : idleMillis;
    if (wanted != current) {
      current = wanted;
      setInterval.accept(wanted);
    }
  }

  /** The interval in use, in milliseconds. */
  public int currentMillis() {
    return current;
  }

  /** A duration as the client's int milliseconds; refuses what the client cannot use. */
  public static int millis(Duration interval, String key) {
    if (interval.toMillis() < 1 || interval.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be between 1 ms and " + Integer.MAX_VALUE + " ms, got "
          + interval.toMillis() + " ms");
    }
    return (int) interval.toMillis();
  }
}
