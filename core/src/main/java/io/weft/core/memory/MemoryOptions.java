package io.weft.core.memory;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.MemorySize;
import java.util.List;

/** How a container's memory is divided; Flink's key names and defaults. */
public final class MemoryOptions {
  private MemoryOptions() {}

  public static final ConfigOption<MemorySize> TM_PROCESS_SIZE = ConfigOption.of(
      "taskmanager.memory.process.size", MemorySize.class, MemorySize.parse("1728m"),
      "Total memory of a TaskManager process, the size of its YARN container. The CLI's -ytm sets it.");
  public static final ConfigOption<MemorySize> JM_PROCESS_SIZE = ConfigOption.of(
      "jobmanager.memory.process.size", MemorySize.class, MemorySize.parse("1024m"),
      "Total memory of the JobManager process, the size of the ApplicationMaster's container. The CLI's -yjm sets it.");
  public static final ConfigOption<Double> JVM_OVERHEAD_FRACTION = ConfigOption.of(
      "taskmanager.memory.jvm-overhead.fraction", Double.class, 0.1,
      "Share of the process size kept for the JVM's own native memory (threads, code cache, GC).");
  public static final ConfigOption<MemorySize> JVM_OVERHEAD_MIN = ConfigOption.of(
      "taskmanager.memory.jvm-overhead.min", MemorySize.class, MemorySize.parse("192m"),
      "Lower bound of the JVM overhead.");
  public static final ConfigOption<MemorySize> JVM_OVERHEAD_MAX = ConfigOption.of(
      "taskmanager.memory.jvm-overhead.max", MemorySize.class, MemorySize.parse("1g"),
      "Upper bound of the JVM overhead.");
  public static final ConfigOption<MemorySize> METASPACE = ConfigOption.of(
      "taskmanager.memory.jvm-metaspace.size", MemorySize.class, MemorySize.parse("256m"),
      "Metaspace of a TaskManager or JobManager JVM (-XX:MaxMetaspaceSize).");
  public static final ConfigOption<MemorySize> FRAMEWORK_HEAP = ConfigOption.of(
      "taskmanager.memory.framework.heap.size", MemorySize.class, MemorySize.parse("128m"),
      "Heap kept for Weft's own code in a TaskManager.");
  public static final ConfigOption<MemorySize> FRAMEWORK_OFF_HEAP = ConfigOption.of(
      "taskmanager.memory.framework.off-heap.size", MemorySize.class, MemorySize.parse("128m"),
      "Direct memory kept for Weft's own code (netty) in a TaskManager or JobManager.");
  public static final ConfigOption<MemorySize> TASK_OFF_HEAP = ConfigOption.of(
      "taskmanager.memory.task.off-heap.size", MemorySize.class, MemorySize.parse("0m"),
      "Direct memory for user code in a TaskManager.");
  public static final ConfigOption<Double> NETWORK_FRACTION = ConfigOption.of(
      "taskmanager.memory.network.fraction", Double.class, 0.1,
      "Share of the total Weft memory for network buffers.");
  public static final ConfigOption<MemorySize> NETWORK_MIN = ConfigOption.of(
      "taskmanager.memory.network.min", MemorySize.class, MemorySize.parse("64m"),
      "Lower bound of the network buffer memory.");
  public static final ConfigOption<MemorySize> NETWORK_MAX = ConfigOption.of(
      "taskmanager.memory.network.max", MemorySize.class, MemorySize.parse("1g"),
      "Upper bound of the network buffer memory.");
  public static final ConfigOption<Double> MANAGED_FRACTION = ConfigOption.of(
      "taskmanager.memory.managed.fraction", Double.class, 0.4,
      "Share of the total Weft memory that is managed (native memory for RocksDB), split equally among slots.");

  public static List<ConfigOption<?>> all() {
    return List.of(TM_PROCESS_SIZE, JM_PROCESS_SIZE, JVM_OVERHEAD_FRACTION, JVM_OVERHEAD_MIN, JVM_OVERHEAD_MAX,
        METASPACE, FRAMEWORK_HEAP, FRAMEWORK_OFF_HEAP, TASK_OFF_HEAP, NETWORK_FRACTION, NETWORK_MIN, NETWORK_MAX,
        MANAGED_FRACTION);
  }
}
