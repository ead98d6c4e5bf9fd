package io.weft.connectors.kafka;

import io.weft.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker (combined broker and controller) in this JVM, from Kafka's own
 * test kit: one per test class, closed in @AfterAll, which stops it and deletes its directories.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  public KafkaTestBroker() throws Exception {
    KafkaClusterTestKit c = new KafkaClusterTestKit.Builder(
        new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // Keep every record: the tests write event times of 1970 (produce: 1000 + i), which the
        // default 7-day retention deletes, whole segments at a time, at its first check 30 s after
        // the start; a source then started at a partition's end and lost all of it.
        .setConfigProp("log.retention.ms", "-1")
        .setDeleteOnClose(true)
        .build();
    try {
      c.format();
      c.startup();
      c.waitForReadyBrokers();
    } catch (Exception e) {
      c.close();
      throw e;
    }
    this.cluster = c;
  }

  /** A broker for trying jobs by hand: prints its address, runs until its standard input closes. */
  public static void main(String[] args) throws Exception {
    try (KafkaTestBroker broker = new KafkaTestBroker()) {
      System.out.println("bootstrap.servers=" + broker.bootstrapServers());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the end of input
      }
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /**
   * Creates the topic and waits until the broker leads every partition: producing before that
   * meets NOT_LEADER_OR_FOLLOWER, and on a loaded machine the retries can wedge an idempotent
   * producer's sequence numbers.
   */
  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      Await.until("the " + partitions + " partitions of " + topic + " have a leader", () -> {
        TopicDescription description;
        try {
          description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            return false; // the broker's metadata does not show the new topic yet
          }
          throw e;
        }
        return description.partitions().size() == partitions
            && description.partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() >= 0);
      });
    }
  }

  /** Writes {@code values[i]} to partition {@code i % partitions} with timestamp {@code 1000 + i}. */
  public void produce(String topic, int partitions, List<String> values) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, i % partitions, 1000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
            values.get(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * Everything in {@code topic} as a consumer with {@code isolation} (read_committed or
   * read_uncommitted) sees it, up to the end offsets at the call. read_committed first waits until
   * every transaction on the topic is decided (its last stable offset reached the high watermark):
   * the broker writes a commit's markers after the producer's commit returned, so right after a job
   * ended its last transactions may still hide their records. An open transaction makes this fail
   * after the wait's timeout.
   */
  public List<String> readAll(String topic, String isolation) {
    if ("read_committed".equals(isolation)) {
      try (Admin admin = admin()) {
        Await.until("every transaction on " + topic + " is decided (last stable offset = high watermark)",
            () -> latestOffsets(admin, topic, true).equals(latestOffsets(admin, topic, false)));
      }
    }
    Map<String, Object> conf = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Await.until("read " + topic + " up to " + end + " (" + isolation + ")", () -> {
        if (partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
          return true;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return false;
      });
    }
    return values;
  }

  /** Each partition's last stable offset ({@code stable}) or high watermark. */
  private static Map<TopicPartition, Long> latestOffsets(Admin admin, String topic, boolean stable) throws Exception {
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
    for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
      latest.put(new TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    var options = new org.apache.kafka.clients.admin.ListOffsetsOptions(stable
        ? org.apache.kafka.common.IsolationLevel.READ_COMMITTED : org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED);
    Map<TopicPartition, Long> result = new java.util.HashMap<>();
    admin.listOffsets(latest, options).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  public Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
