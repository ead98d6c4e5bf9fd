package io.weft.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.cli.ParseException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The settings the local cluster starts YARN with, checked without starting anything. */
class LocalClusterConfigTest {

    private static final Path DIR = Path.of("/tmp/weft-lc-test");
    private static final LocalCluster.RmPorts PORTS = new LocalCluster.RmPorts(41001, 41002, 41003, 41004);

    @Test
    void addressesAreFixedAndOnLocalhost() {
        Configuration conf = settings(new LocalCluster.Settings(DIR, 18088, 0, 8192, 8), Map.of());

        assertTrue(conf.getBoolean("yarn.minicluster.fixed.ports", false));
        assertEquals("localhost", conf.get("yarn.resourcemanager.hostname"));
        assertEquals("localhost:18088", conf.get("yarn.resourcemanager.webapp.address"));
        assertEquals("localhost:41001", conf.get("yarn.resourcemanager.address"));
        assertEquals("localhost:41002", conf.get("yarn.resourcemanager.scheduler.address"));
        assertEquals("localhost:41003", conf.get("yarn.resourcemanager.resource-tracker.address"));
        assertEquals("localhost:41004", conf.get("yarn.resourcemanager.admin.address"));
    }

    @Test
    void nodeManagerCapacityIsTheMaximumAllocation() {
        Configuration conf = settings(new LocalCluster.Settings(DIR, 8088, 0, 4096, 3), Map.of());

        assertEquals(4096, conf.getInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", -1));
        assertEquals(4096, conf.getInt("yarn.nodemanager.resource.memory-mb", -1));
        assertEquals(3, conf.getInt("yarn.nodemanager.resource.cpu-vcores", -1));
        assertEquals(4096, conf.getInt("yarn.scheduler.maximum-allocation-mb", -1));
        assertEquals(3, conf.getInt("yarn.scheduler.maximum-allocation-vcores", -1));
        assertEquals(128, conf.getInt("yarn.scheduler.minimum-allocation-mb", -1));
    }

    @Test
    void vcoresCountAndPhysicalMemoryIsEnforced() {
        Configuration conf = settings(LocalCluster.Settings.defaults(DIR), Map.of());

        assertEquals("org.apache.hadoop.yarn.util.resource.DominantResourceCalculator",
                conf.get("yarn.scheduler.capacity.resource-calculator"));
        assertTrue(conf.getBoolean("yarn.minicluster.control-resource-monitoring", false));
        assertTrue(conf.getBoolean("yarn.nodemanager.pmem-check-enabled", false));
        assertFalse(conf.getBoolean("yarn.nodemanager.vmem-check-enabled", true));
        assertFalse(conf.getBoolean("yarn.nodemanager.resource.memory.enforced", true));
    }

    @Test
    void oneNodeManagerGrantsEveryContainerOfAHeartbeatSeveralKeepYarnsLimit() {
        Configuration one = settings(LocalCluster.Settings.defaults(DIR), Map.of());
        assertEquals(100, one.getInt("yarn.scheduler.capacity.per-node-heartbeat.maximum-offswitch-assignments", -1));

        LocalCluster.Settings two = new LocalCluster.Settings(DIR, 8088, 0, 8192, 8, 2);
        assertNull(settings(two, Map.of()).get("yarn.scheduler.capacity.per-node-heartbeat.maximum-offswitch-assignments"));
    }

    @Test
    void containersGetJavaHomeAndConfDirWhenTheEnvironmentLacksThem() {
        String bare = settings(LocalCluster.Settings.defaults(DIR), Map.of()).get("yarn.nodemanager.admin-env");
        assertTrue(bare.contains("JAVA_HOME=" + System.getProperty("java.home")), bare);
        assertTrue(bare.contains("HADOOP_CONF_DIR=" + DIR.resolve("conf")), bare);

        String inherited = settings(LocalCluster.Settings.defaults(DIR),
                Map.of("JAVA_HOME", "/jdk", "HADOOP_CONF_DIR", "/conf")).get("yarn.nodemanager.admin-env");
        assertFalse(inherited.contains("JAVA_HOME"), inherited);
        assertFalse(inherited.contains("HADOOP_CONF_DIR"), inherited);
    }

    @Test
    void commandLineDefaultsAndFlags() throws ParseException {
        LocalCluster.Settings defaults = LocalClusterMain.parse(new String[0]);
        assertEquals(Path.of("local-cluster").toAbsolutePath(), defaults.baseDir());
        assertEquals(8088, defaults.uiPort());
        assertEquals(0, defaults.hdfsPort());
        assertEquals(8192, defaults.nmMemoryMb());
        assertEquals(8, defaults.nmVcores());
        assertEquals(1, defaults.nodeManagers());

        LocalCluster.Settings given = LocalClusterMain.parse(new String[] {
            "--dir", "/tmp/x", "--ui-port", "9999", "--hdfs-port=9000", "--nm-memory-mb", "2048", "--nm-vcores", "2"});
        assertEquals(new LocalCluster.Settings(Path.of("/tmp/x"), 9999, 9000, 2048, 2), given);
        assertEquals(4, LocalClusterMain.parse(new String[] {"--nodemanagers", "4"}).nodeManagers());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LocalClusterMain.parse(new String[] {"--nodemanagers", "0"}));
        assertTrue(none.getMessage().contains("--nodemanagers") && none.getMessage().contains("16")
                && none.getMessage().contains("got 0"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LocalClusterMain.parse(new String[] {"--nodemanagers", "17"}));

        assertNull(LocalClusterMain.parse(new String[] {"--help"}));
        assertThrows(ParseException.class, () -> LocalClusterMain.parse(new String[] {"--ui-port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> LocalClusterMain.parse(new String[] {"--ui-port", "0"}));
        assertThrows(IllegalArgumentException.class, () -> LocalClusterMain.parse(new String[] {"--nm-vcores", "0"}));
    }

    private static Configuration settings(LocalCluster.Settings settings, Map<String, String> env) {
        return LocalCluster.yarnSettings(settings, PORTS, env);
    }
}
