package bench;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Weft's io.weft.examples.bench.KafkaBench on Flink 1.20 with flink-connector-kafka: Kafka →
 * keyBy → running sum → Kafka, 16-byte records (key, value as big-endian longs), the source
 * bounded at the latest offsets at start, the sink AT_LEAST_ONCE, no checkpoints. Prints
 * {@code engine=flink job=kafka-sum p=.. records=.. seconds=.. rps=.. steady_seconds=.. steady_rps=..};
 * {@code seconds} times execute() whole (MiniCluster start-up included), the steady time runs
 * from the first record read. Usage: FlinkKafkaSum SERVERS TOPIC OUTPUT RECORDS P.
 */
public final class FlinkKafkaSum {
  private FlinkKafkaSum() {}

  static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String servers = args[0];
    String topic = args[1];
    String output = args[2];
    long records = Long.parseLong(args[3]);
    int parallelism = Integer.parseInt(args[4]);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    KafkaSource<Tuple2<Long, Long>> source = KafkaSource.<Tuple2<Long, Long>>builder()
        .setBootstrapServers(servers)
        .setTopics(topic)
        .setGroupId("flink-kafka-bench")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setValueOnlyDeserializer(new Decode())
        .build();
    KafkaSink<Tuple2<Long, Long>> sink = KafkaSink.<Tuple2<Long, Long>>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(KafkaRecordSerializationSchema.<Tuple2<Long, Long>>builder()
            .setTopic(output).setValueSerializationSchema(new Encode()).build())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka " + topic)
        .keyBy(t -> t.f0)
        .sum(1)
        .sinkTo(sink);
    long start = System.nanoTime();
    env.execute("kafka-sum");
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double steady = (end - FIRST_RECORD_NANOS.get()) / 1e9;
    System.out.printf("engine=flink job=kafka-sum p=%d records=%d seconds=%.2f rps=%.0f steady_seconds=%.2f"
        + " steady_rps=%.0f%n", parallelism, records, seconds, records / seconds, steady, records / steady);
  }

  static final class Decode implements DeserializationSchema<Tuple2<Long, Long>> {
    @Override
    public Tuple2<Long, Long> deserialize(byte[] message) {
      if (FIRST_RECORD_NANOS.get() == 0) {
        FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime());
      }
      ByteBuffer b = ByteBuffer.wrap(message);
      return Tuple2.of(b.getLong(), b.getLong());
    }

    @Override
    public boolean isEndOfStream(Tuple2<Long, Long> next) {
      return false;
    }

    @Override
    public TypeInformation<Tuple2<Long, Long>> getProducedType() {
      return Types.TUPLE(Types.LONG, Types.LONG);
    }
  }

  static final class Encode implements SerializationSchema<Tuple2<Long, Long>> {
    @Override
    public byte[] serialize(Tuple2<Long, Long> t) {
      return ByteBuffer.allocate(16).putLong(t.f0).putLong(t.f1).array();
    }
  }
}
