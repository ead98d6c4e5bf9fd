package io.weft.connectors.kafka.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A reader's checkpointed position: version, then (topic, partition, next offset) for each partition. */
final class KafkaPosition {
  private static final int VERSION = 1;

  private KafkaPosition() {}

  static byte[] encode(Map<TopicPartition, Long> positions) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(VERSION);
      out.writeInt(positions.size());
      for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
        out.writeUTF(e.getKey().topic());
        out.writeInt(e.getKey().partition());
        out.writeLong(e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<TopicPartition, Long> decode(byte[] position) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(position));
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("Kafka source position of version " + version + ", expected " + VERSION);
      }
      int n = in.readInt();
      if (n < 0 || n > 1_000_000) {
        throw new IllegalArgumentException("corrupt Kafka source position: " + n + " partitions");
      }
      Map<TopicPartition, Long> positions = new HashMap<>();
      for (int i = 0; i < n; i++) {
        positions.put(new TopicPartition(in.readUTF(), in.readInt()), in.readLong());
      }
      return positions;
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt Kafka source position", e);
    }
  }
}
