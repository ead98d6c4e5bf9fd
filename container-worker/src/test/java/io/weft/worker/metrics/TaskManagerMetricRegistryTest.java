package io.weft.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.rpc.MetricScope;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskManagerMetricRegistryTest {
  @TempDir Path dir;

  private static MetricScope scope(List<MetricScope> scopes, String name, String slot) {
    return scopes.stream().filter(s -> s.scope().equals(name))
        .filter(s -> slot == null || slot.equals(s.variables().get("slot"))).findFirst().orElseThrow();
  }

  @Test
  void reportsTheJvmAndEachSlotUnderTheTaskManagersId() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.NUM_TASK_SLOTS, 2);
    try (TaskManagerMetricRegistry registry = new TaskManagerMetricRegistry("tm-7", "localhost", conf)) {
      assertEquals(-1, registry.jmxPort(), "no JMX server unless configured");
      List<MetricScope> scopes = registry.report(List.of());
      MetricScope jvm = scope(scopes, "taskmanager", null);
      assertEquals(Map.of("tm_id", "tm-7"), jvm.variables());
      double used = jvm.metric("Status.JVM.Memory.Heap.Used").value();
      double max = jvm.metric("Status.JVM.Memory.Heap.Max").value();
      assertTrue(used > 0 && used <= max, used + " of " + max);
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        assertEquals(gc.getCollectionCount(), jvm.metric("Status.JVM.GarbageCollector." + gc.getName() + ".Count")
            .value(), 1000.0, gc.getName()); // collections may happen in between
        assertTrue(jvm.metric("Status.JVM.GarbageCollector." + gc.getName() + ".Time").value() >= 0);
      }
      assertTrue(jvm.metric("Status.JVM.Threads.Count").value() > 0);
      assertTrue(jvm.metric("Status.JVM.Memory.Direct.MemoryUsed").value() >= 0);
      for (String slot : List.of("0", "1")) {
        MetricScope s = scope(scopes, "taskmanager_slot", slot);
        assertEquals("tm-7", s.variables().get("tm_id"));
        assertEquals(0.0, s.metric("Status.Weft.Memory.Managed.Used").value(), "no task holds managed memory");
      }
    }
  }

  @Test
  void eachSlotReportsTheManagedMemoryItsOwnBudgetMeasures() throws Exception {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.NUM_TASK_SLOTS, 2);
    try (TaskManagerMetricRegistry registry = new TaskManagerMetricRegistry("tm-1", "localhost", conf)) {
      registry.measureSlotsBy(slot -> slot == 0 ? 1000 : 24);
      List<MetricScope> scopes = registry.report(List.of());
      assertEquals(1000.0, scope(scopes, "taskmanager_slot", "0").metric("Status.Weft.Memory.Managed.Used").value());
      assertEquals(24.0, scope(scopes, "taskmanager_slot", "1").metric("Status.Weft.Memory.Managed.Used").value());
    }
  }

  @Test
  void jmxServesTheMetricsToClientsThatLogIn() throws Exception {
    Path passwords = dir.resolve("jmx.password");
    Files.writeString(passwords, "monitor s3cret\n");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Configuration conf = new Configuration();
    conf.set(MetricOptions.JMX_PORT, port + "-" + (port + 5));
    conf.set(MetricOptions.JMX_PASSWORD_FILE, passwords.toString());
    try (TaskManagerMetricRegistry registry = new TaskManagerMetricRegistry("tm-jmx", "localhost", conf)) {
      registry.report(List.of());
      JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:" + registry.jmxPort()
          + "/jmxrmi");
      assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url,
          Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", "wrong"})).close());
      assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url).close());
      try (JMXConnector client = JMXConnectorFactory.connect(url,
          Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", "s3cret"}))) {
        MBeanServerConnection server = client.getMBeanServerConnection();
        Set<ObjectName> heap = server.queryNames(new ObjectName(
            "io.weft:type=\"taskmanager.Status.JVM.Memory.Heap.Used\",tm_id=\"tm-jmx\""), null);
        assertEquals(1, heap.size(), heap.toString());
        double used = (Double) server.getAttribute(heap.iterator().next(), "Value");
        assertTrue(used > 0, "heap used " + used);
      }
    }
    assertTrue(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.weft:*"), null).isEmpty(),
        "closing the registry removes its MBeans");
  }

  @Test
  void jmxWithoutAPasswordFileIsRefusedNamingTheOption() {
    Configuration conf = new Configuration();
    conf.set(MetricOptions.JMX_PORT, "9250");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TaskManagerMetricRegistry("tm", "localhost", conf));
    assertTrue(e.getMessage().contains("metrics.reporter.jmx.password-file"), e.getMessage());
    conf.set(MetricOptions.JMX_PORT, "90000");
    conf.set(MetricOptions.JMX_PASSWORD_FILE, "/nonexistent/jmx.password");
    e = assertThrows(IllegalArgumentException.class, () -> new TaskManagerMetricRegistry("tm", "localhost", conf));
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
  }
}
