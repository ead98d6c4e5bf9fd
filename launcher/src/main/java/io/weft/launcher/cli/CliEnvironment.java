package io.weft.launcher.cli;

import io.weft.core.container.ContainerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * What the CLI reads from outside its arguments: the repository root ({@code -Dweft.root}, set
 * by scripts/weft) and environment variables. Tests pass their own instead of the real ones.
 */
public final class CliEnvironment {
  /** The configuration file's name, the same here as in a container's working directory. */
  public static final String CONF_FILE_NAME = ContainerContract.CONF_FILE;
  /**
   * A cluster's defaults for Weft's jobs, next to its Hadoop configuration (the local cluster writes
   * one naming its history server); the configuration file, -yD and flags override them.
   */
  public static final String CLUSTER_DEFAULTS_FILE_NAME = "weft-defaults.yaml";

  private final Path root;
  private final Map<String, String> env;

  public CliEnvironment(Path root, Map<String, String> env) {
    this.root = root;
    this.env = Map.copyOf(env);
  }

  public static CliEnvironment fromSystem() {
    String root = System.getProperty("weft.root");
    return new CliEnvironment(root == null || root.isEmpty() ? null : Paths.get(root), System.getenv());
  }

  /** The repository root, or null when the launcher was started without {@code -Dweft.root}. */
  public Path root() {
    return root;
  }

  public String env(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  public boolean debug() {
    return "1".equals(env("WEFT_DEBUG")) || "true".equalsIgnoreCase(env("WEFT_DEBUG"));
  }

  /**
   * The configuration file to start from, or null if there is none. An explicit
   * {@code WEFT_CONF_DIR} wins over the repository's conf/ and must then hold the file.
   */
  public Path confFile() {
    String confDir = env("WEFT_CONF_DIR");
    if (confDir != null) {
      Path file = Paths.get(confDir).resolve(CONF_FILE_NAME);
      if (!Files.isRegularFile(file)) {
        throw new CliException("WEFT_CONF_DIR is set to '" + confDir + "', but " + file
            + " does not exist; create it or unset WEFT_CONF_DIR");
      }
      return file;
    }
    if (root != null) {
      Path file = root.resolve("conf").resolve(CONF_FILE_NAME);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  /** {@code $HADOOP_CONF_DIR/weft-defaults.yaml} when there is one, else null. */
  public Path clusterDefaultsFile() {
    String hadoopConfDir = env("HADOOP_CONF_DIR");
    if (hadoopConfDir == null) {
      return null;
    }
    Path file = Paths.get(hadoopConfDir).resolve(CLUSTER_DEFAULTS_FILE_NAME);
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * Whether a Hadoop cluster is configured, which makes yarn-cluster the default target.
   * scripts/weft sets HADOOP_CONF_DIR to the local cluster's configuration while that cluster runs.
   */
  public boolean hadoopConfFound() {
    return env("HADOOP_CONF_DIR") != null;
  }
}
