package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.core.types.TypeInfo;
import org.apache.hadoop.fs.Path;

/**
 * Kafka to Kafka through the transactional sink, each subtask copying one partition: the short
 * partition's subtask reaches its end within a second, the long one's ("L…" records, 20 ms each)
 * runs on and fails once at {@code L200}, well after the other ended (a marker file on the default
 * FileSystem remembers the failure across the restart). What the ended subtask wrote last must be
 * committed once: Flink commits it with the final checkpoint, not at the end of its input.
 * Arguments: {@code <bootstrap servers> <input topic> <output topic> <marker directory>}.
 */
public final class KafkaUnevenCopyJob {
  private KafkaUnevenCopyJob() {}

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
        .setTransactionalIdPrefix("uneven-copy-" + args[2])
        .build();
    String markers = args[3];
    env.fromSource(source, "Kafka lines", TypeInfo.of(String.class)).uid("lines")
        .map(v -> {
          if (v.startsWith("L")) {
            Thread.sleep(20);
          }
          if (v.equals("L200")) {
            Path marker = new Path(markers, "failed-at-L200");
            if (marker.getFileSystem(new org.apache.hadoop.conf.Configuration()).createNewFile(marker)) {
              throw new IllegalStateException("planned failure at L200, after the short partition's subtask ended");
            }
          }
          return v;
        }).returns(String.class).name("Slowly, failing once")
        .sinkTo(sink).name("Kafka copy").uid("kafka-copy");
    env.execute("Kafka uneven copy");
  }
}
