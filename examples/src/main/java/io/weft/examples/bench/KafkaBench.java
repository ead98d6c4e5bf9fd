package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple2;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.connectors.kafka.source.OffsetsInitializer;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka → keyBy → running sum → Kafka, the anchor's J1 through a broker (scripts/bench/kafka, next
 * to bench.FlinkKafkaSum on Flink with flink-connector-kafka). A record is 16 bytes, key and
 * value as two big-endian longs; record i has key mix(i) mod 10,000 and value i (the anchors'
 * input). The source reads the topic from the earliest offset to the latest at start (bounded);
 * the sink writes each running sum AT_LEAST_ONCE; no checkpoints.
 *
 * <p>Usage: {@code KafkaBench --mode fill --bootstrap-servers S --topic T --records N [--partitions 4]}
 * creates T and writes the records; {@code KafkaBench --bootstrap-servers S --topic T --output O
 * --records N [--parallelism 2]} runs the job and prints
 * {@code engine=weft job=kafka-sum p=.. records=.. seconds=.. rps=.. steady_seconds=.. steady_rps=..},
 * {@code seconds} being execute() whole and the steady time running from the first record read.
 */
public final class KafkaBench {
  private KafkaBench() {}

  static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String usage = "KafkaBench [--mode fill|run] --bootstrap-servers S --topic T [--output O] --records N"
        + " [--partitions 4] [--parallelism 2]";
    BenchArgs a = new BenchArgs(args, List.of("--mode", "--bootstrap-servers", "--topic", "--output", "--records",
        "--partitions", "--parallelism"), usage);
    String servers = a.get("--bootstrap-servers", null);
    String topic = a.get("--topic", null);
    long records = a.getLong("--records", 0);
    if (servers == null || topic == null || records <= 0) {
      throw new IllegalArgumentException("--bootstrap-servers, --topic and a positive --records are needed; usage: "
          + usage);
    }
    if (a.get("--mode", "run").equals("fill")) {
      fill(servers, topic, records, (int) a.getLong("--partitions", 4));
      return;
    }
    String output = a.get("--output", null);
    if (output == null) {
      throw new IllegalArgumentException("--output is needed; usage: " + usage);
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.setParallelism((int) a.getLong("--parallelism", 2));
    KafkaSource<Tuple2<Long, Long>> source = KafkaSource.<Tuple2<Long, Long>>builder()
        .setBootstrapServers(servers)
        .setTopics(topic)
        .setGroupId("weft-kafka-bench")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(KafkaBench::decode)
        .setBounded()
        .build();
    KafkaSink<Tuple2<Long, Long>> sink = KafkaSink.<Tuple2<Long, Long>>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly(output, KafkaBench::encode))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
    env.fromSource(source, "Kafka " + topic).returns(new TypeHint<Tuple2<Long, Long>>() {})
        .keyBy(t -> t.f0, TypeInfo.of(Long.class))
        .sum(1)
        .sinkTo(sink);
    FIRST_RECORD_NANOS.set(0);
    long start = System.nanoTime();
    env.execute("kafka-sum");
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - FIRST_RECORD_NANOS.get()) / 1e9;
    System.out.printf("engine=weft job=kafka-sum p=%d records=%d seconds=%.2f rps=%.0f steady_seconds=%.2f"
        + " steady_rps=%.0f%n", env.getParallelism(), records, seconds, records / seconds, steady, records / steady);
  }

  static Tuple2<Long, Long> decode(byte[] message) {
    if (FIRST_RECORD_NANOS.get() == 0) {
      FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime());
    }
    ByteBuffer b = ByteBuffer.wrap(message);
    return Tuple2.of(b.getLong(), b.getLong());
  }

  static byte[] encode(Tuple2<Long, Long> t) {
    return ByteBuffer.allocate(16).putLong(t.f0).putLong(t.f1).array();
  }

  private static void fill(String servers, String topic, long records, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", servers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null,
            encode(Tuple2.of(Math.floorMod(BenchInput.mix(i), 10_000L), i))));
      }
      producer.flush();
    }
    System.out.println("wrote " + records + " records to " + topic + " (" + partitions + " partitions)");
  }
}
