package io.weft.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts a real local cluster whose first choice of ResourceManager port is already taken. */
class LocalClusterStartTest {

    @TempDir
    Path dir;

    @Test
    void aResourceManagerPortTakenBeforeTheBindIsReplacedByAnotherOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket uiProbe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int uiPort = uiProbe.getLocalPort();
            uiProbe.close();
            LocalCluster.Settings settings = new LocalCluster.Settings(dir, uiPort, 0, 1024, 2);
            AtomicInteger picks = new AtomicInteger();
            LocalCluster.RmPorts first = LocalCluster.RmPorts.pickFree(uiPort);
            LocalCluster.RmPorts clashing = new LocalCluster.RmPorts(taken.getLocalPort(),
                    first.scheduler(), first.resourceTracker(), first.admin());

            try (LocalCluster cluster = new LocalCluster(settings,
                    () -> picks.getAndIncrement() == 0 ? clashing : LocalCluster.RmPorts.pickFree(uiPort))) {
                cluster.start();

                assertTrue(cluster.isRunning());
                assertEquals(2, picks.get(), "one failed bind, then one start with fresh ports");
                String rmAddress = cluster.yarnSiteSettings().get(YarnConfiguration.RM_ADDRESS);
                assertNotEquals("localhost:" + taken.getLocalPort(), rmAddress);
            }
        }
    }
}
