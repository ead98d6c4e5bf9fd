package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.tuple.Tuple2;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.core.types.TypeHint;
import io.weft.core.types.TypeInfo;

/**
 * Kafka to Kafka, exactly once: a running count per key (the record's value) from a bounded read
 * of a topic, written as "key,count" lines through the transactional sink; slow enough for
 * checkpoints and a killed TaskManager in the middle.
 * Arguments: {@code <bootstrap servers> <input topic> <output topic>}.
 */
public final class KafkaCountJob {
  private KafkaCountJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(args[0])
        .setTopics(args[1])
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setProperty("max.poll.records", "20")
        .setBounded()
        .build();
    KafkaSink<String> sink = KafkaSink.<String>builder()
        .setBootstrapServers(args[0])
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly(args[2], new SimpleStringSchema()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("kafka-count-" + args[2])
        .build();
    env.fromSource(source, "Kafka events", TypeInfo.of(String.class)).uid("events")
        .map(v -> {
          Thread.sleep(40); // KafkaYarnTest: 2,000 records, about 40 s at p=2, room to kill containers mid-stream
          return Tuple2.of(v, 1L);
        }).returns(new TypeHint<Tuple2<String, Long>>() {}).name("Slowly")
        .keyBy(t -> t.f0, TypeInfo.of(String.class))
        .reduce((a, b) -> Tuple2.of(a.f0, a.f1 + b.f1)).name("Counts").uid("counts")
        .map(t -> t.f0 + "," + t.f1).returns(String.class)
        .sinkTo(sink).name("Kafka counts").uid("kafka-counts");
    env.execute("Kafka counts");
  }
}
