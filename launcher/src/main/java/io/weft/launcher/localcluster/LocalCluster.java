package io.weft.launcher.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real YARN (one ResourceManager, one or more NodeManagers that launch real container processes)
 * and HDFS (one NameNode, one DataNode), all in this JVM. Every start is a clean cluster: the
 * previous run's YARN and HDFS data under the base directory is wiped. The NodeManagers are all on
 * this host, each with its own ports, directories and resources, so YARN spreads containers over
 * them as over the nodes of a real cluster.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    static final String CLUSTER_NAME = "weft-local-cluster";
    private static final String TEST_DATA_PROPERTY = "test.build.data";

    /**
     * What can be chosen from the command line. Port 0 for HDFS means "any free port". Memory and
     * vcores are each NodeManager's.
     */
    public record Settings(Path baseDir, int uiPort, int hdfsPort, int nmMemoryMb, int nmVcores, int nodeManagers) {
        public static final int DEFAULT_UI_PORT = 8088;
        public static final int DEFAULT_NM_MEMORY_MB = 8192;
        public static final int DEFAULT_NM_VCORES = 8;
        public static final int MIN_ALLOCATION_MB = 128;
        /** Every NodeManager is a set of services and threads in this one JVM; more would only crowd it. */
        public static final int MAX_NODE_MANAGERS = 16;

        /** One NodeManager. */
        public Settings(Path baseDir, int uiPort, int hdfsPort, int nmMemoryMb, int nmVcores) {
            this(baseDir, uiPort, hdfsPort, nmMemoryMb, nmVcores, 1);
        }

        public Settings {
            if (nodeManagers < 1 || nodeManagers > MAX_NODE_MANAGERS) {
                throw new IllegalArgumentException("--nodemanagers must be between 1 and " + MAX_NODE_MANAGERS
                        + ", got " + nodeManagers);
            }
            baseDir = baseDir.toAbsolutePath().normalize();
            checkPort("UI port", uiPort, false);
            checkPort("HDFS port", hdfsPort, true);
            if (nmMemoryMb < MIN_ALLOCATION_MB) {
                throw new IllegalArgumentException("NodeManager memory must be at least "
                        + MIN_ALLOCATION_MB + " MB, got " + nmMemoryMb);
            }
            if (nmVcores < 1) {
                throw new IllegalArgumentException("NodeManager vcores must be at least 1, got " + nmVcores);
            }
        }

        public static Settings defaults(Path baseDir) {
            return new Settings(baseDir, DEFAULT_UI_PORT, 0, DEFAULT_NM_MEMORY_MB, DEFAULT_NM_VCORES, 1);
        }

        private static void checkPort(String what, int port, boolean zeroAllowed) {
            if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
                throw new IllegalArgumentException(what + " out of range: " + port);
            }
        }
    }

    /** The ResourceManager's RPC ports; chosen free at start so two clusters never collide. */
    record RmPorts(int client, int scheduler, int resourceTracker, int admin) {
        static RmPorts pickFree(int avoid) {
            List<ServerSocket> held = new ArrayList<>();
            try {
                // Hold all sockets open until every port is picked, so no two picks are equal.
                while (held.size() < 4) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    if (socket.getLocalPort() == avoid) {
                        socket.close();
                        continue;
                    }
                    held.add(socket);
                }
                return new RmPorts(held.get(0).getLocalPort(), held.get(1).getLocalPort(),
                        held.get(2).getLocalPort(), held.get(3).getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not find free ports for the ResourceManager", e);
            } finally {
                for (ServerSocket socket : held) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Only a probe socket; nothing to clean up.
                    }
                }
            }
        }
    }

    /** Where the NodeManager aggregates the logs of ended applications, on HDFS (YARN's default). */
    public static final String REMOTE_APP_LOG_DIR = "/tmp/logs";

    /** Attempts at binding the ResourceManager's ports, each with freshly probed ones. */
    private static final int YARN_START_ATTEMPTS = 3;
    static final String OFF_SWITCH_PER_HEARTBEAT =
            "yarn.scheduler.capacity.per-node-heartbeat.maximum-offswitch-assignments";
    /** YARN's own cap on the containers of one node heartbeat (maximum-container-assignments). */
    static final int SINGLE_NODE_OFF_SWITCH_PER_HEARTBEAT = 100;
    /** How often the NodeManagers heartbeat to the ResourceManager (YARN's default: 1,000 ms). */
    static final long NM_HEARTBEAT_MILLIS = 250;

    private final Settings settings;
    private final Supplier<RmPorts> rmPorts;
    private Configuration yarnSettings;
    private MiniDFSCluster dfs;
    private MiniYARNCluster yarn;
    private String hdfsUri;

    public LocalCluster(Settings settings) {
        this(settings, () -> RmPorts.pickFree(settings.uiPort()));
    }

    /** With the ResourceManager's ports from {@code rmPorts}, asked once per start attempt. */
    LocalCluster(Settings settings, Supplier<RmPorts> rmPorts) {
        this.settings = settings;
        this.rmPorts = rmPorts;
    }

    /**
     * Starts HDFS, then YARN, and returns once every NodeManager has registered. On failure whatever
     * did start is stopped again.
     */
    public void start() throws IOException, InterruptedException {
        requireFreePort(settings.uiPort());
        try {
            startHdfs();
            startYarn();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Every YARN setting this cluster changes from Hadoop's defaults. They are also what a client
     * needs, so they become yarn-site.xml as they are (see {@link ClusterConfFiles}).
     */
    static Configuration yarnSettings(Settings s, RmPorts ports, Map<String, String> env) {
        Configuration conf = new Configuration(false);
        // Without fixed ports MiniYARNCluster replaces every RM address with an ephemeral port.
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, true);
        conf.set(YarnConfiguration.RM_HOSTNAME, "localhost");
        conf.set(YarnConfiguration.RM_ADDRESS, "localhost:" + ports.client());
        conf.set(YarnConfiguration.RM_SCHEDULER_ADDRESS, "localhost:" + ports.scheduler());
        conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, "localhost:" + ports.resourceTracker());
        conf.set(YarnConfiguration.RM_ADMIN_ADDRESS, "localhost:" + ports.admin());
        conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS, "localhost:" + s.uiPort());

        // MiniYARNCluster ignores yarn.nodemanager.resource.memory-mb and reads this key instead, for
        // every NodeManager.
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, s.nmMemoryMb());
        conf.setInt(YarnConfiguration.NM_PMEM_MB, s.nmMemoryMb());
        conf.setInt(YarnConfiguration.NM_VCORES, s.nmVcores());
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, Settings.MIN_ALLOCATION_MB);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, s.nmMemoryMb());
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_VCORES, 1);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, s.nmVcores());
        // YARN caps every application's yarn.application-attempts at this (default 2).
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 10);

        // The default resource calculator looks at memory only and rounds every request to one
        // vcore; the dominant one honours and reports vcore requests. The yarn-server-tests jar
        // ships a capacity-scheduler.xml that sets the default one, but set() values win over it.
        conf.set(YarnConfiguration.RM_SCHEDULER,
                "org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler");
        conf.set("yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        // The default (10%) would leave room for a single small ApplicationMaster on one node.
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
        // The CapacityScheduler grants at most one container asked for on any node ("off-switch",
        // as every TaskManager request is) per node heartbeat, once a second: with one NodeManager a
        // job's second TaskManager waited a second for the next heartbeat, its third two seconds, all
        // on the path to the first record. With one NodeManager there is no other node to leave room
        // on, so one heartbeat may grant every container that fits. With several, the limit stays
        // YARN's: it spreads a job's containers over the NodeManagers, which node-failure demos need.
        if (s.nodeManagers() == 1) {
            conf.setInt(OFF_SWITCH_PER_HEARTBEAT, SINGLE_NODE_OFF_SWITCH_PER_HEARTBEAT);
        }
        // The scheduler places containers when a NodeManager heartbeats, once a second by default:
        // an application's ApplicationMaster container, then its TaskManagers, each waited up to a
        // second for the next one. These NodeManagers run in this JVM, so a heartbeat costs a local
        // call: a quarter of a second takes most of that wait off every submission and restart.
        conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, NM_HEARTBEAT_MILLIS);

        // MiniYARNCluster switches container monitoring off unless told otherwise. Physical memory
        // is enforced as on a real cluster; the virtual-memory ratio means nothing for Java 17.
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // "Strict" means cgroups enforce memory, and then the NodeManager skips its own polling
        // check. There are no cgroups here, so without this nothing would be enforced at all.
        conf.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
        // Keep finished containers' directories a little while for debugging, not the default 0.
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 30);
        // A developer's disk is often more than 90% full, which would mark the NodeManager unhealthy.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);

        // The NodeManager's web server (container log pages, their REST API) on a free port, which
        // it reports to the ResourceManager, so log links carry a real address.
        conf.set(YarnConfiguration.NM_WEBAPP_ADDRESS, "localhost:0");
        // As on a production cluster: when an application ends, the NodeManager copies its
        // containers' logs to HDFS, where `weft logs` (and `yarn logs`) read them.
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, REMOTE_APP_LOG_DIR);

        // Containers get JAVA_HOME and HADOOP_CONF_DIR from the NodeManager's environment (the env
        // whitelist). When this JVM was started without them, force them in, as a real cluster would.
        List<String> adminEnv = new ArrayList<>();
        String defaultAdminEnv = new YarnConfiguration().get(YarnConfiguration.NM_ADMIN_USER_ENV, "");
        if (!defaultAdminEnv.isBlank()) {
            adminEnv.add(defaultAdminEnv);
        }
        if (env.get("JAVA_HOME") == null) {
            adminEnv.add("JAVA_HOME=" + System.getProperty("java.home"));
        }
        if (env.get("HADOOP_CONF_DIR") == null) {
            adminEnv.add("HADOOP_CONF_DIR=" + ClusterConfFiles.confDir(s.baseDir()));
        }
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, String.join(",", adminEnv));
        return conf;
    }

    private void startHdfs() throws IOException {
        Path hdfsDir = settings.baseDir().resolve("hdfs");
        deleteRecursively(hdfsDir);
        Configuration conf = new HdfsConfiguration();
        conf.setInt("dfs.replication", 1);
        long started = System.nanoTime();
        dfs = new MiniDFSCluster.Builder(conf, hdfsDir.toFile())
                .numDataNodes(1)
                .nameNodePort(settings.hdfsPort())
                .format(true)
                .build();
        hdfsUri = "hdfs://localhost:" + dfs.getNameNodePort();
        LOG.info("HDFS started at {} in {} ms", hdfsUri, millisSince(started));
    }

    /**
     * The ResourceManager's ports are probed free right before it binds them, but a probed port is
     * released again and anything in the machine (HDFS's own connections, for one) may take it
     * before the bind. Such a start is retried with fresh ports instead of failing the user's run.
     */
    private void startYarn() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            yarnSettings = yarnSettings(settings, rmPorts.get(), System.getenv());
            try {
                startYarnOnce();
                return;
            } catch (RuntimeException e) {
                if (attempt == YARN_START_ATTEMPTS || !isBindFailure(e)) {
                    throw e;
                }
                LOG.warn("YARN could not bind a ResourceManager port ({}); retrying with other ports",
                        e.getMessage());
                stopYarn();
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private void startYarnOnce() throws IOException, InterruptedException {
        Path yarnDir = settings.baseDir().resolve("yarn");
        deleteRecursively(yarnDir);
        YarnConfiguration conf = new YarnConfiguration();
        for (Map.Entry<String, String> entry : yarnSettings) {
            conf.set(entry.getKey(), entry.getValue());
        }
        long started = System.nanoTime();
        // MiniYARNCluster's constructor puts the NodeManager's local and log dirs under the
        // test-data root named by this system property; it is not read anywhere else.
        String previousTestData = System.getProperty(TEST_DATA_PROPERTY);
        System.setProperty(TEST_DATA_PROPERTY, yarnDir.toString());
        try {
            // With the NodeManager's web app; NodeManagerWeb keeps it off the ResourceManager's port.
            yarn = new MiniYARNCluster(CLUSTER_NAME, settings.nodeManagers(), 1, 1, true);
        } finally {
            if (previousTestData == null) {
                System.clearProperty(TEST_DATA_PROPERTY);
            } else {
                System.setProperty(TEST_DATA_PROPERTY, previousTestData);
            }
        }
        // The NodeManager aggregates logs to the default file system: HDFS, as clients see it.
        conf.set("fs.defaultFS", hdfsUri);
        yarn.init(conf);
        yarn.start();
        NodeManagerWeb.separate(yarn);
        try {
            if (!yarn.waitForNodeManagersToConnect(30_000)) {
                throw new IOException("Not all " + settings.nodeManagers()
                        + " NodeManagers registered with the ResourceManager within 30 s");
            }
        } catch (YarnException e) {
            throw new IOException("Could not check the NodeManager's registration", e);
        }
        LOG.info("YARN started with web UI {} and {} NodeManager(s) of {} MB / {} vcores each in {} ms",
                uiAddress(), settings.nodeManagers(), settings.nmMemoryMb(), settings.nmVcores(),
                millisSince(started));
    }

    public Settings settings() {
        return settings;
    }

    public String uiAddress() {
        return "http://localhost:" + settings.uiPort();
    }

    public String hdfsUri() {
        return hdfsUri;
    }

    /** The client-side core-site.xml settings. */
    public Configuration coreSiteSettings() {
        Configuration conf = new Configuration(false);
        conf.set("fs.defaultFS", hdfsUri);
        // One DataNode: anything higher only makes every block under-replicated.
        conf.setInt("dfs.replication", 1);
        return conf;
    }

    /** The client-side yarn-site.xml settings, with the addresses the ResourceManager really uses. */
    public Configuration yarnSiteSettings() {
        Configuration conf = new Configuration(false);
        Configuration effective = yarn.getConfig();
        for (Map.Entry<String, String> entry : yarnSettings) {
            // The minicluster's own switches mean nothing to clients.
            if (!entry.getKey().startsWith("yarn.minicluster.")) {
                conf.set(entry.getKey(), effective.get(entry.getKey(), entry.getValue()));
            }
        }
        return conf;
    }

    public synchronized boolean isRunning() {
        return yarn != null || dfs != null;
    }

    /** Stops YARN first (its containers may still talk to HDFS), then HDFS. Safe to call twice. */
    @Override
    public synchronized void close() {
        stopYarn();
        if (dfs != null) {
            LOG.info("Stopping HDFS");
            try {
                dfs.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("HDFS did not stop cleanly", e);
            }
            dfs = null;
        }
    }

    private synchronized void stopYarn() {
        if (yarn != null) {
            LOG.info("Stopping YARN");
            try {
                yarn.stop();
            } catch (RuntimeException e) {
                LOG.warn("YARN did not stop cleanly", e);
            }
            yarn = null;
        }
    }

    /** Fails early with a clear message instead of a bind error deep inside the ResourceManager. */
    private static void requireFreePort(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException("Port " + port + " for the ResourceManager web UI is already in use;"
                    + " choose another one with --ui-port", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
