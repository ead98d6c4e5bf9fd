package io.weft.examples;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.windowing.assigners.TumblingEventTimeWindows;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.connectors.kafka.source.OffsetsInitializer;
import java.time.Duration;

/**
 * Clicks per page per 10 s of event time, Kafka to Kafka, exactly once: reads {@code page,user}
 * lines whose Kafka timestamp is the click's time (as {@link KafkaClicksProducer} writes them),
 * and writes {@code page<TAB>windowStart<TAB>windowEnd<TAB>count} lines through a transactional
 * sink, so a {@code read_committed} consumer sees each window's count once across failures.
 *
 * <p>Usage: {@code KafkaClicks --bootstrap-servers host:port [--input clicks] [--output
 * clicks-per-page] [--group weft-kafka-clicks] [--bounded true]}. Needs checkpoints for its
 * output to be committed while it runs ({@code -yD execution.checkpointing.interval=10s}); without
 * them everything is committed when a bounded run ends. The job jar must carry the connector:
 * {@code examples/target/weft-examples-kafka.jar} does.
 */
public final class KafkaClicks {
  private KafkaClicks() {}

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    String servers = params.required("bootstrap-servers");
    String input = params.optional("input", "clicks");
    String output = params.optional("output", "clicks-per-page");
    boolean bounded = Boolean.parseBoolean(params.optional("bounded", "false"));

    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    var sourceBuilder = KafkaSource.<String>builder()
        .setBootstrapServers(servers)
        .setTopics(input)
        .setGroupId(params.optional("group", "weft-kafka-clicks"))
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetsInitializer.ResetStrategy.EARLIEST))
        .setValueOnlyDeserializer(new SimpleStringSchema())
        // Watermarks per partition, inside the source: the Kafka timestamp is the click's time,
        // and a partition that falls quiet stops holding event time back after 30 s.
        .setWatermarkStrategy(WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(2))
            .withIdleness(Duration.ofSeconds(30)))
        .setPartitionDiscoveryInterval(Duration.ofSeconds(30));
    if (bounded) {
      sourceBuilder.setBounded();
    }
    KafkaSink<String> sink = KafkaSink.<String>builder()
        .setBootstrapServers(servers)
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly(output, new SimpleStringSchema()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("kafka-clicks-" + input + "-" + output)
        .build();

    env.fromSource(sourceBuilder.build(), "Kafka clicks").returns(String.class)
        .map(line -> new WindowedClicks.Click(line.substring(0, line.indexOf(',')), line.substring(line.indexOf(',') + 1), 0L))
        .returns(WindowedClicks.Click.class)
        .keyBy(WindowedClicks.Click::page, io.weft.core.types.TypeInfo.of(String.class))
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
        .aggregate(new WindowedClicks.CountClicks(), new WindowedClicks.PageWindowLine())
        .name("Clicks per page")
        .sinkTo(sink).name("Kafka counts");
    env.execute("KafkaClicks");
  }
}
