package io.weft.launcher.localcluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.weft.appmaster.history.HistoryOptions;
import io.weft.appmaster.history.HistoryServer;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * Runs a {@link LocalCluster} until the JVM gets SIGTERM or SIGINT. Started by
 * scripts/local-cluster, which reads the files it writes (see {@link ClusterConfFiles}).
 * Only the user-facing summary lines go to System.out; everything else is logged.
 */
public final class LocalClusterMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterMain.class);

    // Hadoop runs higher priorities first; its FileSystem cache closes at 10 and must come after us.
    private static final int SHUTDOWN_PRIORITY = 100;
    // scripts/local-cluster stop waits 30 s before SIGKILL; finish well inside that.
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 25;
    // java.util.logging keeps loggers weakly; a collected logger would forget its level.
    private static final List<java.util.logging.Logger> QUIETED_JUL_LOGGERS = new ArrayList<>();

    private LocalClusterMain() {
    }

    public static void main(String[] args) {
        LocalCluster.Settings settings;
        try {
            settings = parse(args);
        } catch (ParseException | IllegalArgumentException e) {
            System.err.println("local-cluster: " + e.getMessage());
            printUsage();
            System.exit(2);
            return;
        }
        if (settings == null) {
            printUsage();
            return;
        }
        int historyPort;
        try {
            historyPort = historyPort(args);
        } catch (ParseException e) {
            System.err.println("local-cluster: " + e.getMessage());
            printUsage();
            System.exit(2);
            return;
        }
        try {
            run(settings, historyPort);
        } catch (Exception e) {
            LOG.error("Local cluster failed: {}", e.toString(), e);
            // Hadoop leaves non-daemon threads behind; only exit() ends the JVM.
            System.exit(1);
        }
    }

    private static void run(LocalCluster.Settings settings, int historyPort) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long pid = ProcessHandle.current().pid();
        quietJulLoggers();
        ClusterConfFiles files = new ClusterConfFiles(settings.baseDir());
        files.claimPidFile(pid);
        // A leftover from a killed run would make the script think we are up already.
        Files.deleteIfExists(files.propertiesFile());

        // The DataNode cannot shut down inside a shutdown hook (it removes hooks of its own and
        // Hadoop forbids that once shutdown has begun), so SIGTERM and SIGINT stop the cluster
        // from this thread, before the JVM exits. The hook is only the fallback for other exits.
        CountDownLatch stopRequested = new CountDownLatch(1);
        onSignals(stopRequested::countDown, "TERM", "INT");
        LocalCluster cluster = new LocalCluster(settings);
        AtomicReference<HistoryServer> history = new AtomicReference<>();
        ShutdownHookManager.get().addShutdownHook(() -> shutDown(cluster, history.get(), files),
                SHUTDOWN_PRIORITY, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        LOG.info("Starting local cluster in {}", settings.baseDir());
        try {
            cluster.start();
            history.set(startHistoryServer(cluster, historyPort));
        } catch (IOException | InterruptedException | RuntimeException e) {
            files.removeRuntimeFiles();
            throw e;
        }
        String historyAddress = "localhost:" + history.get().port();
        files.writeHadoopConf(cluster.coreSiteSettings(), cluster.yarnSiteSettings());
        files.writeWeftDefaults(historyAddress, history.get().archive().directory().toUri().getPath());
        files.writeProperties(pid, cluster.uiAddress(), cluster.hdfsUri(), "http://" + historyAddress + "/");
        LOG.info("Local cluster up in {} ms (pid {})", (System.nanoTime() - started) / 1_000_000, pid);

        System.out.println("YARN ResourceManager UI: " + cluster.uiAddress());
        System.out.println("HDFS: " + cluster.hdfsUri());
        System.out.println("History server: http://" + historyAddress + "/");
        System.out.println("Hadoop conf dir: " + files.confDir());
        System.out.println("Local cluster is up");
        System.out.flush();

        stopRequested.await();
        shutDown(cluster, history.get(), files);
        // Hadoop leaves non-daemon threads behind; only exit() ends the JVM.
        System.exit(0);
    }

    private static void onSignals(Runnable action, String... names) {
        for (String name : names) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("Received SIG{}", signal.getName());
                    action.run();
                });
            } catch (IllegalArgumentException e) {
                // Happens when the JVM was started with -Xrs; the shutdown hook still stops us.
                LOG.warn("Cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    /** Jersey and Guice log through java.util.logging, which conf/log4j.properties cannot reach. */
    private static void quietJulLoggers() {
        for (String name : List.of("com.sun.jersey", "com.google.inject")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIETED_JUL_LOGGERS.add(logger);
        }
    }

    /**
     * The history server of the cluster's ended jobs, in this JVM (so stop stops it with the cluster),
     * reading the archive directory on the cluster's HDFS that jobs write to by the cluster's defaults.
     */
    private static HistoryServer startHistoryServer(LocalCluster cluster, int port) throws IOException {
        org.apache.hadoop.conf.Configuration hadoopConf = new org.apache.hadoop.conf.Configuration();
        for (java.util.Map.Entry<String, String> e : cluster.coreSiteSettings()) {
            hadoopConf.set(e.getKey(), e.getValue());
        }
        io.weft.core.config.Configuration conf = new io.weft.core.config.Configuration();
        conf.set(HistoryOptions.HISTORY_PORT, port);
        try {
            return HistoryServer.start(conf, hadoopConf);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; choose another port with scripts/local-cluster start"
                    + " --history-port N (0: any free port)", e);
        }
    }

    private static void shutDown(LocalCluster cluster, HistoryServer history, ClusterConfFiles files) {
        if (!cluster.isRunning()) {
            return;
        }
        if (history != null) {
            history.close();
        }
        LOG.info("Stopping the local cluster");
        cluster.close();
        try {
            files.removeRuntimeFiles();
        } catch (IOException e) {
            LOG.warn("Could not remove {} or {}", files.pidFile(), files.propertiesFile(), e);
        }
        LOG.info("Local cluster stopped");
    }

    /** --history-port: the history server's port (default 8082, 0 for any free one). */
    static int historyPort(String[] args) throws ParseException {
        CommandLine line = new DefaultParser().parse(options(), args);
        int port = intOption(line, "history-port", HistoryOptions.HISTORY_PORT.defaultValue());
        if (port < 0 || port > 65535) {
            throw new ParseException("--history-port must be a port (0 for any free one), got " + port);
        }
        return port;
    }

    /** Returns null when help was asked for. */
    static LocalCluster.Settings parse(String[] args) throws ParseException {
        CommandLine line = new DefaultParser().parse(options(), args);
        if (line.hasOption("help")) {
            return null;
        }
        if (!line.getArgList().isEmpty()) {
            throw new ParseException("Unexpected arguments: " + line.getArgList());
        }
        return new LocalCluster.Settings(
                Path.of(line.getOptionValue("dir", "local-cluster")),
                intOption(line, "ui-port", LocalCluster.Settings.DEFAULT_UI_PORT),
                intOption(line, "hdfs-port", 0),
                intOption(line, "nm-memory-mb", LocalCluster.Settings.DEFAULT_NM_MEMORY_MB),
                intOption(line, "nm-vcores", LocalCluster.Settings.DEFAULT_NM_VCORES),
                intOption(line, "nodemanagers", 1));
    }

    private static int intOption(CommandLine line, String name, int defaultValue) throws ParseException {
        String value = line.getOptionValue(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ParseException("--" + name + " needs a number, got '" + value + "'");
        }
    }

    private static Options options() {
        return new Options()
                .addOption(valued("dir", "DIR", "base directory for data, logs and conf (default ./local-cluster)"))
                .addOption(valued("ui-port", "PORT", "ResourceManager web UI port (default 8088)"))
                .addOption(valued("hdfs-port", "PORT", "NameNode RPC port (default: any free port)"))
                .addOption(valued("nm-memory-mb", "MB", "memory of each NodeManager (default 8192)"))
                .addOption(valued("nm-vcores", "N", "vcores of each NodeManager (default 8)"))
                .addOption(valued("history-port", "PORT", "history server port (default 8082, 0: any free port)"))
                .addOption(valued("nodemanagers", "N", "number of NodeManagers, each of --nm-memory-mb and --nm-vcores"
                        + " (default 1, at most " + LocalCluster.Settings.MAX_NODE_MANAGERS + ")"))
                .addOption(Option.builder().longOpt("help").desc("print this help").build());
    }

    private static Option valued(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).build();
    }

    private static void printUsage() {
        PrintWriter out = new PrintWriter(System.err, true);
        new HelpFormatter().printHelp(out, 100, LocalClusterMain.class.getName() + " [options]",
                null, options(), 2, 2, null);
    }
}
