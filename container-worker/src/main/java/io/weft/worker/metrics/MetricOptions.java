package io.weft.worker.metrics;

import io.weft.core.config.ConfigOption;
import java.util.List;

/** How TaskManagers expose their metrics beyond the heartbeat (which always carries them). */
public final class MetricOptions {
  private MetricOptions() {}

  public static final ConfigOption<String> JMX_PORT = ConfigOption.of(
      "metrics.reporter.jmx.port", String.class, null,
      "Port, or range of ports such as 9250-9260, on which each TaskManager serves its metrics over JMX (the "
          + "platform MBean server with Weft's metrics registered under io.weft); TaskManagers on one host take "
          + "the next free port of the range. Unset: no JMX server and no MBeans (the default). Needs "
          + "metrics.reporter.jmx.password-file.");

  public static final ConfigOption<String> JMX_PASSWORD_FILE = ConfigOption.of(
      "metrics.reporter.jmx.password-file", String.class, null,
      "The JMX server's password file in the JDK's format (one 'user password' line each), relative to the "
          + "container's working directory, so a file shipped with -yt works; every JMX client must log in.");

  /** The first and last port of a {@link #JMX_PORT} value; a clear error naming the option for a bad one. */
  public static int[] jmxPorts(String value) {
    String[] parts = value.trim().split("-", 2);
    try {
      int from = Integer.parseInt(parts[0].trim());
      int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
      if (from < 1 || to > 65535 || to < from) {
        throw new NumberFormatException();
      }
      return new int[] {from, to};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(JMX_PORT.key() + " must be a port (1-65535) or a range such as 9250-9260,"
          + " got '" + value + "'");
    }
  }

  public static List<ConfigOption<?>> all() {
    return List.of(JMX_PORT, JMX_PASSWORD_FILE);
  }
}
