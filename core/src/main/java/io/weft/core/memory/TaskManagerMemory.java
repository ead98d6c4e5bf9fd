package io.weft.core.memory;

import io.weft.core.config.Configuration;
import io.weft.core.config.MemorySize;
import java.util.List;

/**
 * A TaskManager process size divided as Flink divides it: JVM overhead and metaspace off the top,
 * the rest ("total Weft memory") into framework and task heap, framework and task off-heap,
 * network buffers and managed memory. The JVM flags derived from it keep the process within
 * its YARN container. Managed memory is split equally among slots: that is a slot's isolation.
 */
public record TaskManagerMemory(
    MemorySize processSize,
    MemorySize jvmOverhead,
    MemorySize metaspace,
    MemorySize frameworkHeap,
    MemorySize taskHeap,
    MemorySize frameworkOffHeap,
    MemorySize taskOffHeap,
    MemorySize network,
    MemorySize managed) {

  /** Divides {@code taskmanager.memory.process.size}; fails with the flag's name when it is too small. */
  public static TaskManagerMemory of(Configuration conf) {
    Division d = divide(conf, conf.get(MemoryOptions.TM_PROCESS_SIZE));
    if (d.taskHeap < MINIMUM_TASK_HEAP) {
      throw new IllegalArgumentException("-ytm (" + MemoryOptions.TM_PROCESS_SIZE.key() + ") " + d.process
          + " is too small: after JVM overhead " + d.overhead + ", metaspace " + d.metaspace + ", framework heap "
          + d.frameworkHeap + " and off-heap " + d.frameworkOffHeap + ", network " + d.network + " and managed "
          + d.managed + " no task heap is left; use at least " + minimumProcessSize(conf) + "m");
    }
    return new TaskManagerMemory(d.process, d.overhead, d.metaspace, d.frameworkHeap,
        MemorySize.ofBytes(d.taskHeap), d.frameworkOffHeap, d.taskOffHeap, d.network, d.managed);
  }

  /** The smallest process size, in megabytes (a multiple of 64), that leaves a task heap. */
  public static long minimumProcessSize(Configuration conf) {
    for (long mb = 256; mb < 1 << 20; mb += 64) {
      if (divide(conf, MemorySize.ofMebiBytes(mb)).taskHeap >= MINIMUM_TASK_HEAP) {
        return mb;
      }
    }
    throw new IllegalStateException("no process size fits the configured memory components");
  }

  private static final long MINIMUM_TASK_HEAP = 16L << 20;

  /** The arithmetic alone; the task heap may come out negative. */
  private record Division(MemorySize process, MemorySize overhead, MemorySize metaspace, MemorySize frameworkHeap,
      MemorySize frameworkOffHeap, MemorySize taskOffHeap, MemorySize network, MemorySize managed, long taskHeap) {}

  private static Division divide(Configuration conf, MemorySize process) {
    MemorySize overhead = clamp(process.times(conf.get(MemoryOptions.JVM_OVERHEAD_FRACTION)),
        conf.get(MemoryOptions.JVM_OVERHEAD_MIN), conf.get(MemoryOptions.JVM_OVERHEAD_MAX));
    MemorySize metaspace = conf.get(MemoryOptions.METASPACE);
    MemorySize frameworkHeap = conf.get(MemoryOptions.FRAMEWORK_HEAP);
    MemorySize frameworkOffHeap = conf.get(MemoryOptions.FRAMEWORK_OFF_HEAP);
    MemorySize taskOffHeap = conf.get(MemoryOptions.TASK_OFF_HEAP);
    long totalWeft = Math.max(0, process.bytes() - overhead.bytes() - metaspace.bytes());
    MemorySize network = clamp(MemorySize.ofBytes((long) (totalWeft * conf.get(MemoryOptions.NETWORK_FRACTION))),
        conf.get(MemoryOptions.NETWORK_MIN), conf.get(MemoryOptions.NETWORK_MAX));
    MemorySize managed = MemorySize.ofBytes((long) (totalWeft * conf.get(MemoryOptions.MANAGED_FRACTION)));
    long taskHeap = totalWeft - frameworkHeap.bytes() - frameworkOffHeap.bytes() - taskOffHeap.bytes()
        - network.bytes() - managed.bytes();
    return new Division(process, overhead, metaspace, frameworkHeap, frameworkOffHeap, taskOffHeap, network, managed,
        taskHeap);
  }

  static MemorySize clamp(MemorySize value, MemorySize min, MemorySize max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  public MemorySize heap() {
    return MemorySize.ofBytes(frameworkHeap.bytes() + taskHeap.bytes());
  }

  public MemorySize directMemory() {
    return MemorySize.ofBytes(frameworkOffHeap.bytes() + taskOffHeap.bytes() + network.bytes());
  }

  /** Each slot's share of managed memory. */
  public MemorySize managedPerSlot(int slots) {
    return MemorySize.ofBytes(managed.bytes() / slots);
  }

  /** The JVM options that bound heap, direct memory and metaspace to this division. */
  public List<String> jvmOptions() {
    return List.of("-Xmx" + heap().bytes(), "-Xms" + heap().bytes(),
        "-XX:MaxDirectMemorySize=" + directMemory().bytes(), "-XX:MaxMetaspaceSize=" + metaspace.bytes());
  }
}
