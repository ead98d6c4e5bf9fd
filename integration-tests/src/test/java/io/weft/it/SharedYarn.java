package io.weft.it;

import io.weft.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MiniDFSCluster and MiniYARNCluster of one shape shared by the test classes of this JVM that ask
 * for it (surefire runs a module's classes in one JVM and one JUnit run). Starting and stopping the
 * pair took each class about 25 s on the 2-core CI machine; now it starts once per shape and stops
 * when the run ends (the clusters live in JUnit's root store, which closes them).
 *
 * <p>One shared pair runs at a time: a ResourceManager that starts sets a JVM-wide cluster time
 * stamp, which every ResourceManager puts into its container tokens, and a NodeManager refuses a
 * container whose stamp is not the one its ResourceManager had when it registered ("allocated by a
 * previous RM"). So the clusters of another shape, or any cluster a class starts itself, make the
 * shared pair unusable: the next class that asks for it gets a fresh one. {@link SharedYarnOrder}
 * runs the classes by shape so that this happens once per shape.
 *
 * <p>A class registers it as a static field and takes the clusters in its {@code @BeforeAll}:
 * <pre>{@code @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
 * @BeforeAll static void start() { clusters = YARN.clusters(); }}</pre>
 * After each test it kills what the test left running; after the class it also waits until no
 * container runs any more and deletes everything in HDFS but the aggregated logs, so the next
 * class finds the clusters as fresh ones (but for YARN's list of ended applications).
 *
 * <p>Classes that need a cluster of their own (several NodeManagers, memory enforcement, Kerberos)
 * still start one with {@link MiniYarn#start}.
 */
public final class SharedYarn implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedYarn.class);

  private final String shape;
  private final int memoryMb;
  private final int vcores;
  private final Consumer<YarnConfiguration> tune;
  private MiniYarn clusters;

  private SharedYarn(String shape, int memoryMb, int vcores, Consumer<YarnConfiguration> tune) {
    this.shape = shape;
    this.memoryMb = memoryMb;
    this.vcores = vcores;
    this.tune = tune;
  }

  /**
   * One NodeManager of 8192 MB and 8 vcores; the ResourceManager allows 4 ApplicationMaster
   * attempts (default 2), for the tests that kill ApplicationMasters.
   */
  public static SharedYarn standard() {
    return new SharedYarn("weft-shared-8g", 8192, 8, conf -> conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4));
  }

  /** One NodeManager of 4096 MB and 8 vcores, for the tests whose jobs must not all fit at once. */
  public static SharedYarn small() {
    return new SharedYarn("weft-shared-4g", 4096, 8, conf -> {});
  }

  /** The shared clusters; valid from the class's {@code @BeforeAll} on. */
  public MiniYarn clusters() {
    if (clusters == null) {
      throw new IllegalStateException("SharedYarn must be registered with @RegisterExtension on a static field");
    }
    return clusters;
  }

  /** The shape's name; {@link SharedYarnOrder} runs the classes of one shape together. */
  public String shape() {
    return shape;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Running running = store.get(Running.class, Running.class);
    if (running != null && (!running.shape().equals(shape) || running.stamp() != ResourceManager.getClusterTimeStamp())) {
      System.out.println("Stopping the shared clusters " + running.shape() + " for " + shape + (running.shape()
          .equals(shape) ? " (another ResourceManager started in this JVM since)" : ""));
      store.remove(Running.class);
      running.close();
      running = null;
    }
    if (running == null) {
      running = Running.start(shape, memoryMb, vcores, tune);
      store.put(Running.class, running);
    }
    clusters = running.clusters();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    clusters.killRunningApplications();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    clusters.killRunningApplications();
    // The next class's jobs need the NodeManager's memory, which the killed containers free once ended.
    Await.until("no container runs on " + shape, Duration.ofSeconds(60), () -> runningContainers() == 0);
    org.apache.hadoop.fs.Path logs = new org.apache.hadoop.fs.Path(
        io.weft.launcher.localcluster.LocalCluster.REMOTE_APP_LOG_DIR).getParent();
    for (FileStatus f : clusters.fs().listStatus(new org.apache.hadoop.fs.Path("/"))) {
      if (!f.getPath().toUri().getPath().equals(logs.toUri().getPath())) {
        clusters.fs().delete(f.getPath(), true);
      }
    }
    clusters = null;
  }

  /** Containers not yet ended on the shared clusters' one NodeManager. */
  private long runningContainers() {
    return clusters.yarn().getNodeManager(0).getNMContext().getContainers().values().stream()
        .filter(c -> c.cloneAndGetContainerStatus().getState() != ContainerState.COMPLETE).count();
  }

  /**
   * Started clusters in the root store (JUnit closes them when the whole run ends), with the
   * cluster time stamp their ResourceManager set.
   */
  private record Running(String shape, MiniYarn clusters, Path dir, long stamp)
      implements ExtensionContext.Store.CloseableResource {
    static Running start(String shape, int memoryMb, int vcores, Consumer<YarnConfiguration> tune) throws Exception {
      // java.io.tmpdir is the module's target directory in the tests' JVM.
      Path dir = Files.createTempDirectory(shape);
      MiniYarn clusters = MiniYarn.start(shape, dir, memoryMb, vcores, tune);
      return new Running(shape, clusters, dir, ResourceManager.getClusterTimeStamp());
    }

    @Override
    public void close() throws Exception {
      try {
        clusters.close();
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
