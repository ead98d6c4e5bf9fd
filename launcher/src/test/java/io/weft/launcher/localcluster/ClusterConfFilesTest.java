package io.weft.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfFilesTest {

    @TempDir
    Path dir;

    @Test
    void hadoopConfReadsBackAsConfiguration() throws IOException {
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "hdfs://localhost:9000");
        Configuration yarn = new Configuration(false);
        yarn.set("yarn.resourcemanager.webapp.address", "localhost:8088");

        new ClusterConfFiles(dir).writeHadoopConf(core, yarn);

        Configuration read = new Configuration(false);
        read.addResource(new org.apache.hadoop.fs.Path(dir.resolve("conf/core-site.xml").toUri()));
        read.addResource(new org.apache.hadoop.fs.Path(dir.resolve("conf/yarn-site.xml").toUri()));
        assertEquals("hdfs://localhost:9000", read.get("fs.defaultFS"));
        assertEquals("localhost:8088", read.get("yarn.resourcemanager.webapp.address"));
        try (var files = Files.list(dir.resolve("conf"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void propertiesAreUnescapedForTheScriptAndStillLoadable() throws IOException {
        ClusterConfFiles files = new ClusterConfFiles(dir);
        files.writeProperties(42, "http://localhost:8088", "hdfs://localhost:9000");

        String text = Files.readString(files.propertiesFile());
        assertTrue(text.contains("\nhdfs.uri=hdfs://localhost:9000\n"), text);
        assertTrue(text.contains("\nui.address=http://localhost:8088\n"), text);

        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(files.propertiesFile())) {
            loaded.load(reader);
        }
        assertEquals("42", loaded.getProperty("pid"));
        assertEquals("hdfs://localhost:9000", loaded.getProperty("hdfs.uri"));
        assertEquals(dir.resolve("conf").toString(), loaded.getProperty("conf.dir"));
    }

    @Test
    void pidFileOfAnotherLiveProcessIsNotTakenOver() throws IOException {
        ClusterConfFiles files = new ClusterConfFiles(dir);
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();

        files.claimPidFile(parent);
        assertThrows(IllegalStateException.class, () -> files.claimPidFile(self));

        files.removeRuntimeFiles();
        files.claimPidFile(self);
        files.claimPidFile(self);
        assertEquals(self, files.readPid().orElseThrow());

        files.writeProperties(self, "http://localhost:1", "hdfs://localhost:2");
        files.removeRuntimeFiles();
        assertFalse(Files.exists(files.pidFile()));
        assertFalse(Files.exists(files.propertiesFile()));
    }
}
