package io.weft.launcher.localcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;

/**
 * The files a running local cluster leaves in its base directory for scripts/local-cluster and
 * for clients: conf/core-site.xml, conf/yarn-site.xml, cluster.properties and the pid file.
 * Everything is written to a temporary file and renamed, because the script polls for these
 * files and must never read half of one.
 */
final class ClusterConfFiles {

    static final String PID_FILE = "local-cluster.pid";
    static final String PROPERTIES_FILE = "cluster.properties";
    static final String CONF_DIR = "conf";

    static final String KEY_PID = "pid";
    static final String KEY_UI = "ui.address";
    static final String KEY_HDFS = "hdfs.uri";
    static final String KEY_CONF_DIR = "conf.dir";
    static final String KEY_HISTORY = "history.address";

    private final Path baseDir;

    ClusterConfFiles(Path baseDir) {
        this.baseDir = baseDir;
    }

    static Path confDir(Path baseDir) {
        return baseDir.resolve(CONF_DIR);
    }

    Path confDir() {
        return confDir(baseDir);
    }

    Path pidFile() {
        return baseDir.resolve(PID_FILE);
    }

    Path propertiesFile() {
        return baseDir.resolve(PROPERTIES_FILE);
    }

    /**
     * Records this process in the pid file. Refuses when the file names another live process,
     * because a second cluster on the same directory would wipe the first one's data.
     */
    void claimPidFile(long pid) throws IOException {
        Optional<Long> existing = readPid();
        if (existing.isPresent() && existing.get() != pid
                && ProcessHandle.of(existing.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("A local cluster is already running from " + baseDir
                    + " (pid " + existing.get() + ")");
        }
        writeAtomically(pidFile(), pid + "\n");
    }

    Optional<Long> readPid() throws IOException {
        if (!Files.exists(pidFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    void writeHadoopConf(Configuration coreSite, Configuration yarnSite) throws IOException {
        Files.createDirectories(confDir());
        writeXml(confDir().resolve("core-site.xml"), coreSite);
        writeXml(confDir().resolve("yarn-site.xml"), yarnSite);
    }

    /**
     * Plain key=value lines with nothing escaped (java.util.Properties would write "hdfs\://..."),
     * so that the script can read them with sed. Properties.load still reads them fine.
     */
    void writeProperties(long pid, String uiAddress, String hdfsUri) throws IOException {
        writeProperties(pid, uiAddress, hdfsUri, null);
    }

    /** With the history server's web address ({@code http://localhost:<port>/}) when one runs. */
    void writeProperties(long pid, String uiAddress, String hdfsUri, String historyAddress) throws IOException {
        Map<String, String> values = new TreeMap<>();
        if (historyAddress != null) {
            values.put(KEY_HISTORY, historyAddress);
        }
        values.put(KEY_PID, Long.toString(pid));
        values.put(KEY_UI, uiAddress);
        values.put(KEY_HDFS, hdfsUri);
        values.put(KEY_CONF_DIR, confDir().toString());
        StringBuilder text = new StringBuilder("# Written by the running Weft local cluster; removed when it stops.\n");
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        writeAtomically(propertiesFile(), text.toString());
    }

    /**
     * conf/weft-defaults.yaml: what jobs run on this cluster take unless the configuration file, -yD
     * or a flag says otherwise (io.weft.launcher.cli.CliEnvironment#clusterDefaultsFile): archive
     * ended jobs where the cluster's history server reads them, and point YARN's final tracking URL
     * at that server.
     */
    void writeWeftDefaults(String historyHostPort, String archiveDir) throws IOException {
        Files.createDirectories(confDir());
        writeAtomically(confDir().resolve(io.weft.launcher.cli.CliEnvironment.CLUSTER_DEFAULTS_FILE_NAME), String.join("\n",
                "# Written by the Weft local cluster: defaults of the jobs run on it (the configuration file, -yD",
                "# and flags override them).",
                "historyserver.web.address: " + historyHostPort,
                "jobmanager.archive.fs.dir: " + archiveDir,
                "historyserver.archive.fs.dir: " + archiveDir,
                ""));
    }

    /** Removes what describes a running cluster; the conf dir stays for post-mortem reading. */
    void removeRuntimeFiles() throws IOException {
        Files.deleteIfExists(propertiesFile());
        Files.deleteIfExists(pidFile());
    }

    private static void writeXml(Path target, Configuration conf) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            conf.writeXml(out);
        }
        moveIntoPlace(tmp, target);
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        moveIntoPlace(tmp, target);
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
