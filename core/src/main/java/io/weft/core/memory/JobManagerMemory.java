package io.weft.core.memory;

import io.weft.core.config.Configuration;
import io.weft.core.config.MemorySize;
import java.util.List;

/** The JobManager (ApplicationMaster) process size divided into JVM overhead, metaspace, off-heap and heap. */
public record JobManagerMemory(MemorySize processSize, MemorySize jvmOverhead, MemorySize metaspace,
    MemorySize offHeap, MemorySize heap) {
  private static final long MINIMUM_HEAP_MB = 128;

  public static JobManagerMemory of(Configuration conf) {
    MemorySize process = conf.get(MemoryOptions.JM_PROCESS_SIZE);
    MemorySize overhead = TaskManagerMemory.clamp(process.times(conf.get(MemoryOptions.JVM_OVERHEAD_FRACTION)),
        conf.get(MemoryOptions.JVM_OVERHEAD_MIN), conf.get(MemoryOptions.JVM_OVERHEAD_MAX));
    MemorySize metaspace = conf.get(MemoryOptions.METASPACE);
    MemorySize offHeap = conf.get(MemoryOptions.FRAMEWORK_OFF_HEAP);
    long heap = process.bytes() - overhead.bytes() - metaspace.bytes() - offHeap.bytes();
    if (heap < MemorySize.ofMebiBytes(MINIMUM_HEAP_MB).bytes()) {
      long needed = MINIMUM_HEAP_MB + overhead.mebiBytes() + metaspace.mebiBytes() + offHeap.mebiBytes();
      throw new IllegalArgumentException("-yjm (" + MemoryOptions.JM_PROCESS_SIZE.key() + ") " + process
          + " is too small: after JVM overhead " + overhead + ", metaspace " + metaspace + " and off-heap " + offHeap
          + " less than " + MINIMUM_HEAP_MB + "m of heap is left; use at least " + needed + "m");
    }
    return new JobManagerMemory(process, overhead, metaspace, offHeap, MemorySize.ofBytes(heap));
  }

  /** The smallest process size, in megabytes (a multiple of 64), that leaves the minimum heap. */
  public static long minimumProcessSize(Configuration conf) {
    for (long mb = 256; mb < 1 << 20; mb += 64) {
      try {
        of(new Configuration(conf).set(MemoryOptions.JM_PROCESS_SIZE, MemorySize.ofMebiBytes(mb)));
        return mb;
      } catch (IllegalArgumentException tooSmall) {
        // try the next size
      }
    }
    throw new IllegalStateException("no process size fits the configured memory components");
  }

  public List<String> jvmOptions() {
    return List.of("-Xmx" + heap.bytes(), "-Xms" + heap.bytes(),
        "-XX:MaxDirectMemorySize=" + offHeap.bytes(), "-XX:MaxMetaspaceSize=" + metaspace.bytes());
  }
}
