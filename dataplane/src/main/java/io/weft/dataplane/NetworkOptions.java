package io.weft.dataplane;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.MemorySize;
import java.time.Duration;
import java.util.List;

/** The options of the data plane between TaskManagers, with Flink's key names. */
public final class NetworkOptions {
  private NetworkOptions() {}

  public static final ConfigOption<MemorySize> SEGMENT_SIZE = ConfigOption.of(
      "taskmanager.memory.segment-size", MemorySize.class, MemorySize.parse("32k"),
      "Size of a network buffer; every TaskManager of a job must use the same. Records larger than a buffer span "
          + "several.");

  public static final ConfigOption<Integer> BUFFERS_PER_CHANNEL = ConfigOption.of(
      "taskmanager.network.memory.buffers-per-channel", Integer.class, 2,
      "Exclusive buffers of every remote channel, on both the sending and the receiving side; the receiver's are "
          + "the credit a producer starts with.");

  public static final ConfigOption<Integer> FLOATING_BUFFERS_PER_GATE = ConfigOption.of(
      "taskmanager.network.memory.floating-buffers-per-gate", Integer.class, 8,
      "Buffers shared by the channels of one output partition or input gate, given to the busiest ones.");

  public static final ConfigOption<Integer> DATA_PORT = ConfigOption.of(
      "taskmanager.data.port", Integer.class, 0,
      "Port of a TaskManager's data server, where other TaskManagers fetch its output; 0 picks a free one.");

  public static final ConfigOption<Duration> PARTITION_REQUEST_TIMEOUT = ConfigOption.of(
      "taskmanager.network.partition-request-timeout", Duration.class, Duration.ofSeconds(30),
      "How long a request for a partition waits for its producer to be deployed before the consumer fails.");

  public static final ConfigOption<Integer> NETTY_THREADS = ConfigOption.of(
      "taskmanager.network.netty.threads", Integer.class, -1,
      "Netty threads of a TaskManager's data transport, shared by its server and its connections to other "
          + "TaskManagers; -1 means one per task slot, at most one per core. Every thread more than the data needs "
          + "costs a wakeup per buffer it hands over.");

  /** The netty threads for a TaskManager with {@code slots} slots, after {@link #NETTY_THREADS}. */
  public static int nettyThreads(int configured, int slots) {
    return configured > 0 ? configured : Math.max(1, Math.min(slots, Runtime.getRuntime().availableProcessors()));
  }

  /** Every option of this module, for the documentation check. */
  public static List<ConfigOption<?>> all() {
    return List.of(SEGMENT_SIZE, BUFFERS_PER_CHANNEL, FLOATING_BUFFERS_PER_GATE, DATA_PORT, PARTITION_REQUEST_TIMEOUT,
        NETTY_THREADS);
  }
}
