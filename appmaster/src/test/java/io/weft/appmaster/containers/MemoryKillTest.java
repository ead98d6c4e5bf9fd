package io.weft.appmaster.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A container YARN killed for its memory, said in words with the TaskManager's last memory figures. */
class MemoryKillTest {
  /** What a Hadoop 3 NodeManager writes when it kills a container for its physical memory. */
  private static final String NM_DIAGNOSTICS = "Container [pid=4242,containerID=container_1_0001_01_000004] is "
      + "running 214958080B beyond the 'PHYSICAL' memory limit. Current usage: 1.7 GB of 1.5 GB physical memory "
      + "used; 3.6 GB of 3.1 GB virtual memory used. Killing container.\nDump of the process-tree ...\n"
      + "[2026-12-07 03:30:00.000]Container killed on request. Exit code is 143";

  private static MetricStore.Report heartbeat() {
    MetricScope tm = new MetricScope("taskmanager", Map.of("tm_id", "tm-3"), List.of(
        MetricValue.gauge("Status.JVM.Memory.Heap.Used", 300L << 20),
        MetricValue.gauge("Status.JVM.Memory.Heap.Max", 512L << 20),
        MetricValue.gauge("Status.JVM.Memory.Direct.MemoryUsed", 70L << 20),
        MetricValue.gauge("Status.JVM.Memory.NonHeap.Used", 60L << 20),
        MetricValue.gauge("Status.Weft.Memory.Network.Total", 64L << 20),
        MetricValue.gauge("Status.JVM.Memory.RSS", 1400L << 20)));
    MetricScope slot0 = new MetricScope("taskmanager_slot", Map.of("tm_id", "tm-3", "slot", "0"), List.of(
        MetricValue.gauge("Status.Weft.Memory.Managed.Used", 100L << 20),
        MetricValue.gauge("Status.Weft.Memory.Managed.Total", 200L << 20)));
    MetricScope slot1 = new MetricScope("taskmanager_slot", Map.of("tm_id", "tm-3", "slot", "1"), List.of(
        MetricValue.gauge("Status.Weft.Memory.Managed.Used", 28L << 20),
        MetricValue.gauge("Status.Weft.Memory.Managed.Total", 200L << 20)));
    return new MetricStore.Report("tm-3", 0, List.of(tm, slot0, slot1));
  }

  @Test
  void aPhysicalMemoryKillIsSaidInWordsWithTheLastHeartbeatsBreakdown() {
    String words = MemoryKill.explain("tm-3", -104, NM_DIAGNOSTICS, 1536, heartbeat());
    assertTrue(words.startsWith("TaskManager tm-3 was killed by YARN for using 1.7 GB of its 1.5 GB container; "
        + "raise -ytm or taskmanager.memory.*"), words);
    assertTrue(words.contains("heap 300.0 MB used of 512.0 MB"), words);
    assertTrue(words.contains("managed 128.0 MB used of 400.0 MB"), words);
    assertTrue(words.contains("network 64.0 MB"), words);
    assertTrue(words.contains("direct 70.0 MB"), words);
    assertTrue(words.contains("RSS 1.4 GB"), words);
  }

  @Test
  void withoutTheNodeManagersFiguresTheContainersSizeIsNamed() {
    String words = MemoryKill.explain("tm-1", -104, "", 1536, null);
    assertTrue(words.startsWith("TaskManager tm-1 was killed by YARN for using more than its 1.5 GB container"), words);
    assertTrue(words.contains("No heartbeat"), words);
  }

  @Test
  void theNodeManagersWordsAloneAreEnoughBeforeTheExitStatusIsSet() {
    // A NodeManager asked while the container is still being killed has its words, not yet its status.
    assertTrue(MemoryKill.isMemoryKill(-1000, NM_DIAGNOSTICS));
    assertTrue(MemoryKill.isMemoryKill(137, "Container killed by the kernel OOM killer"));
  }

  @Test
  void otherEndsAreNotMemoryKills() {
    assertNull(MemoryKill.explain("tm-0", 1, "Exception in thread main", 1024, heartbeat()));
    assertFalse(MemoryKill.isMemoryKill(137, "Container killed on request. Exit code is 137"));
    assertFalse(MemoryKill.isMemoryKill(-100, "Container released by application"));
    assertEquals("1.5 GB", MemoryKill.size(1536L << 20));
  }
}
