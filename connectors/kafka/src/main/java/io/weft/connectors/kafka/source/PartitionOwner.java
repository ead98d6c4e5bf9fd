package io.weft.connectors.kafka.source;

import org.apache.kafka.common.TopicPartition;

/**
 * Which subtask reads a partition: the partitions of a topic go round-robin over the subtasks,
 * starting at a subtask picked by the topic's name so several small topics do not all start at
 * subtask 0. A pure function of (partition, parallelism), so after a restore at another
 * parallelism every new subtask knows, without talking to the others, which old positions are its.
 */
final class PartitionOwner {
  private PartitionOwner() {}

  static int of(TopicPartition tp, int parallelism) {
    int start = ((tp.topic().hashCode() * 31) & 0x7FFFFFFF) % parallelism;
    return (start + tp.partition()) % parallelism;
  }
}
