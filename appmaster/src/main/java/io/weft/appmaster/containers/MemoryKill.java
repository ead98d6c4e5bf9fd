package io.weft.appmaster.containers;

import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.rpc.MetricScope;
import io.weft.core.rpc.MetricValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in words that YARN killed a TaskManager's container for its memory, with what the
 * TaskManager's last heartbeat said about its memory: the one failure users of Flink on YARN
 * meet most, otherwise visible only as an exit status (-104, 137) and a NodeManager log line.
 */
public final class MemoryKill {
  /** What to raise; the same words everywhere a memory kill is reported. */
  public static final String RAISE = "raise -ytm or taskmanager.memory.* (taskmanager.memory.process.size; "
      + "taskmanager.memory.jvm-overhead.fraction for native memory the model does not count)";

  /** The NodeManager's words (Hadoop 3: "Current usage: 1.7 GB of 1.5 GB physical memory used"). */
  private static final Pattern USAGE =
      Pattern.compile("Current usage: ([0-9.]+ ?[KMGTP]?B) of ([0-9.]+ ?[KMGTP]?B) (physical|virtual) memory used");

  private static final int KILLED_EXCEEDED_PMEM = -104;
  private static final int KILLED_EXCEEDED_VMEM = -105;
  private static final int SIGKILL = 137;

  private MemoryKill() {}

  /** Whether a container's end was YARN (or the kernel for it) enforcing its memory limit. */
  public static boolean isMemoryKill(int exitStatus, String diagnostics) {
    String d = diagnostics == null ? "" : diagnostics;
    return exitStatus == KILLED_EXCEEDED_PMEM || exitStatus == KILLED_EXCEEDED_VMEM
        || d.contains("beyond physical memory") || d.contains("beyond virtual memory")
        || d.contains("'PHYSICAL' memory limit") || d.contains("'VIRTUAL' memory limit")
        || (exitStatus == SIGKILL && d.toLowerCase(Locale.ROOT).contains("oom"));
  }

  /**
   * "TaskManager tm-3 was killed by YARN for using 1.7 GB of its 1.5 GB container; raise -ytm or
   * taskmanager.memory.* (...). Its last heartbeat: heap ..., RSS ...", or null when the container
   * did not end for its memory.
   *
   * @param containerMb the container's size, when YARN's diagnostics do not say it
   * @param last the TaskManager's last metrics report, or null
   */
  public static String explain(String taskManager, int exitStatus, String diagnostics, long containerMb,
      MetricStore.Report last) {
    if (!isMemoryKill(exitStatus, diagnostics)) {
      return null;
    }
    Matcher m = USAGE.matcher(diagnostics == null ? "" : diagnostics);
    String usage;
    if (m.find()) {
      usage = m.group(3).equals("virtual")
          ? "using " + m.group(1) + " of virtual memory, over its limit of " + m.group(2)
              + " (yarn.nodemanager.vmem-pmem-ratio)"
          : "using " + m.group(1) + " of its " + m.group(2) + " container";
    } else {
      usage = "using more than its " + size(containerMb << 20) + " container";
    }
    return "TaskManager " + taskManager + " was killed by YARN for " + usage + "; " + RAISE + ". "
        + breakdown(last);
  }

  /** The memory figures of a TaskManager's last heartbeat, in one sentence. */
  static String breakdown(MetricStore.Report last) {
    if (last == null) {
      return "No heartbeat with its memory figures arrived before it was killed.";
    }
    double heapUsed = sum(last, "Status.JVM.Memory.Heap.Used");
    double heapMax = sum(last, "Status.JVM.Memory.Heap.Max");
    double managedUsed = sum(last, "Status.Weft.Memory.Managed.Used");
    double managedTotal = sum(last, "Status.Weft.Memory.Managed.Total");
    double network = sum(last, "Status.Weft.Memory.Network.Total");
    double direct = sum(last, "Status.JVM.Memory.Direct.MemoryUsed");
    double nonHeap = sum(last, "Status.JVM.Memory.NonHeap.Used");
    double rss = sum(last, "Status.JVM.Memory.RSS");
    StringBuilder b = new StringBuilder("Its last heartbeat: heap ").append(size(heapUsed)).append(" used of ")
        .append(size(heapMax)).append(", managed ").append(size(managedUsed)).append(" used of ")
        .append(size(managedTotal));
    if (network >= 0) {
      b.append(", network ").append(size(network));
    }
    b.append(", direct ").append(size(direct)).append(", non-heap ").append(size(nonHeap));
    if (rss >= 0) {
      b.append(", RSS ").append(size(rss));
    }
    return b.append('.').toString();
  }

  /** The sum of a gauge over the report's groups (slots have one each); -1 if none has it. */
  private static double sum(MetricStore.Report report, String name) {
    double total = -1;
    for (MetricScope s : report.scopes()) {
      MetricValue v = s.metric(name);
      if (v != null && v.values().length > 0 && !Double.isNaN(v.values()[0])) {
        total = Math.max(total, 0) + v.values()[0];
      }
    }
    return total;
  }

  /** As the NodeManager writes sizes: "1.7 GB", "312.5 MB". */
  static String size(double bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GB", bytes / (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1L << 20));
  }
}
