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
        Map<String, String> values = new TreeMap<>();
        values.put(KEY_PID, Long.toString(pid));
        values.put(KEY_UI, uiAddress);
        values.put(KEY_HDFS, hdfsUri);
        values.put(KEY_CONF_DIR, confDir().toString());
        StringBuilder text = new StringBuilder("# Written by the running Weft local cluster; removed when it stops.\n");
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        writeAtomically(propertiesFile(), text.toString());
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
