package io.weft.worker.task;

import io.weft.core.config.CoreOptions;
import io.weft.core.plan.StreamEdge;
import io.weft.dataplane.partition.ChannelSelector;
import io.weft.dataplane.partition.RecordWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's outputs: one {@link RecordWriter} per output edge of its vertex, in the vertex's edge
 * order, and what the task reports about them (records out, backpressure, fill).
 */
final class TaskOutputs {
  /** Elements per batch handed to a channel. */
  static final int BATCH_SIZE = 1024;

  private final Map<StreamEdge, RecordWriter> writers = new LinkedHashMap<>();

  TaskOutputs(TaskSetup setup) {
    long timeout = setup.configuration().get(CoreOptions.BUFFER_TIMEOUT).toMillis();
    for (StreamEdge edge : setup.vertex().outputs()) {
      var channels = setup.outputChannels().get(edge);
      ChannelSelector selector = ChannelSelector.of(edge.partitioning(), channels.size(), setup.subtaskIndex(),
          edge.target().maxParallelism());
      writers.put(edge, new RecordWriter(channels, selector, BATCH_SIZE, timeout == 0));
    }
  }

  /** The writer of each output edge, for the operator chain. */
  Map<StreamEdge, RecordWriter> byEdge() {
    return writers;
  }

  Collection<RecordWriter> all() {
    return writers.values();
  }

  boolean isEmpty() {
    return writers.isEmpty();
  }

  /** Sends what the writers hold, so that nothing waits for a full batch. */
  void flush() throws IOException, InterruptedException {
    for (RecordWriter w : writers.values()) {
      w.flush();
    }
  }

  /** The end of event time on every output, as a source whose input ended emits it. */
  void endEventTime() throws IOException, InterruptedException {
    for (RecordWriter w : writers.values()) {
      w.broadcastEvent(io.weft.dataplane.element.Watermark.MAX);
    }
  }

  /** Tells the consumers that no record or watermark follows, only barriers until the end of the partition. */
  void endOfData() throws IOException, InterruptedException {
    for (RecordWriter w : writers.values()) {
      w.broadcastEvent(io.weft.dataplane.element.EndOfData.INSTANCE);
    }
  }

  void endOfPartition() throws IOException, InterruptedException {
    for (RecordWriter w : writers.values()) {
      w.endOfPartition();
    }
  }

  /** Tells the consumers whether the task failed ({@code cause}, null when it did not). */
  void close(Throwable cause) {
    for (RecordWriter w : writers.values()) {
      w.close(cause);
    }
  }

  /** Records written to all output edges (a broadcast record counts once). */
  long recordsOut() {
    long sum = 0;
    for (RecordWriter w : writers.values()) {
      sum += w.recordsOut();
    }
    return sum;
  }

  /** Time spent waiting for room in output channels, in total. */
  long blockedNanos() {
    long sum = 0;
    for (RecordWriter w : writers.values()) {
      sum += w.blockedNanos();
    }
    return sum;
  }

  /** How full the fullest output channel is, 0 to 1. */
  double maxFill() {
    double max = 0;
    for (RecordWriter w : writers.values()) {
      max = Math.max(max, w.maxFill());
    }
    return max;
  }

  /** The records each output edge wrote. */
  List<Long> recordsOutPerEdge() {
    List<Long> out = new ArrayList<>();
    writers.values().forEach(w -> out.add(w.recordsOut()));
    return out;
  }
}
