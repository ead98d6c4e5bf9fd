package io.weft.worker.metrics;

import io.weft.api.metrics.Gauge;
import io.weft.core.config.MemorySize;
import io.weft.core.metrics.ReportingMetricGroup;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/**
 * The JVM figures a TaskManager reports, under Flink's names (scope {@code taskmanager}):
 * {@code Status.JVM.Memory.Heap.Used/Committed/Max}, {@code Status.JVM.Memory.NonHeap.Used},
 * {@code Status.JVM.Memory.Direct.MemoryUsed/TotalCapacity/Count} (and {@code .Max} when
 * {@code -XX:MaxDirectMemorySize} is set, as the memory model does), {@code
 * Status.JVM.GarbageCollector.<collector>.Count/Time}, {@code Status.JVM.CPU.Load/Time} and
 * {@code Status.JVM.Threads.Count}. Read from the platform MXBeans when reported.
 */
final class JvmMetrics {
  private JvmMetrics() {}

  static void register(ReportingMetricGroup group) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    group.gauge("Status.JVM.Memory.Heap.Used", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getUsed());
    group.gauge("Status.JVM.Memory.Heap.Committed", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getCommitted());
    group.gauge("Status.JVM.Memory.Heap.Max", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getMax());
    group.gauge("Status.JVM.Memory.NonHeap.Used", (Gauge<Long>) () -> memory.getNonHeapMemoryUsage().getUsed());
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        group.gauge("Status.JVM.Memory.Direct.MemoryUsed", (Gauge<Long>) pool::getMemoryUsed);
        group.gauge("Status.JVM.Memory.Direct.TotalCapacity", (Gauge<Long>) pool::getTotalCapacity);
        group.gauge("Status.JVM.Memory.Direct.Count", (Gauge<Long>) pool::getCount);
      }
    }
    long maxDirect = maxDirectMemory();
    if (maxDirect > 0) {
      group.gauge("Status.JVM.Memory.Direct.Max", (Gauge<Long>) () -> maxDirect);
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      group.gauge("Status.JVM.GarbageCollector." + gc.getName() + ".Count", (Gauge<Long>) gc::getCollectionCount);
      group.gauge("Status.JVM.GarbageCollector." + gc.getName() + ".Time", (Gauge<Long>) gc::getCollectionTime);
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      // The process's share of the machine's CPUs over the recent past, 0 to 1 (negative: not known yet).
      group.gauge("Status.JVM.CPU.Load", (Gauge<Double>) sun::getProcessCpuLoad);
      group.gauge("Status.JVM.CPU.Time", (Gauge<Long>) sun::getProcessCpuTime);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    group.gauge("Status.JVM.Threads.Count", (Gauge<Integer>) threads::getThreadCount);
    if (residentSetSize() >= 0) {
      // What YARN's NodeManager measures against the container's limit (heap, direct, native, all).
      group.gauge("Status.JVM.Memory.RSS", (Gauge<Long>) JvmMetrics::residentSetSize);
    }
  }

  /** The process's resident set size in bytes (Linux's /proc/self/status), or -1 where unknown. */
  static long residentSetSize() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024; // reported in kB
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** {@code -XX:MaxDirectMemorySize} of this JVM, or -1 when not set. */
  static long maxDirectMemory() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
        String value = arg.substring(arg.indexOf('=') + 1);
        try {
          // The JVM reads a bare number as bytes; MemorySize as megabytes.
          return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : MemorySize.parse(value).bytes();
        } catch (IllegalArgumentException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
