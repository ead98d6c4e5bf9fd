package io.weft.connectors.kafka.sink;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.SinkWriter;
import io.weft.api.sink.twophase.CommittableSerializer;
import io.weft.api.sink.twophase.Committer;
import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.core.config.CheckpointOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Writes to Kafka with the chosen {@link DeliveryGuarantee}. EXACTLY_ONCE is a {@link
 * TwoPhaseCommittingSink}, as {@code FileSink} is, with one Kafka transaction per checkpoint as
 * the committable. Build one with {@link #builder()}.
 */
public final class KafkaSink<T> implements TwoPhaseCommittingSink<T, KafkaCommittable> {
  private static final long serialVersionUID = 1L;
  /** kafka-clients' default transaction.timeout.ms. */
  static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

  final Map<String, String> properties;
  final KafkaRecordSerializationSchema<T> serializer;
  final DeliveryGuarantee guarantee;
  final String transactionalIdPrefix;

  KafkaSink(Map<String, String> properties, KafkaRecordSerializationSchema<T> serializer, DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    this.properties = Map.copyOf(properties);
    this.serializer = serializer;
    this.guarantee = guarantee;
    this.transactionalIdPrefix = transactionalIdPrefix;
  }

  public static <T> KafkaSinkBuilder<T> builder() {
    return new KafkaSinkBuilder<>();
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) throws Exception {
    if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
      return new KafkaSinkWriter<>(this, context.subtaskIndex(), guarantee == DeliveryGuarantee.AT_LEAST_ONCE);
    }
    checkTransactionTimeout(context);
    return TwoPhaseCommittingSink.super.createWriter(context);
  }

  @Override
  public PrecommittingSinkWriter<T, KafkaCommittable> createPrecommittingWriter(SubtaskInfo context) {
    return new TransactionalKafkaWriter<>(this, context.subtaskIndex(), context.parallelism());
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(SubtaskInfo context) {
    return new KafkaCommitter(this, context.subtaskIndex());
  }

  @Override
  public CommittableSerializer<KafkaCommittable> getCommittableSerializer() {
    return KafkaCommittable.SERIALIZER;
  }

  /**
   * A transaction stays open for a whole checkpoint interval (and more while the checkpoint
   * completes); a broker aborts one older than transaction.timeout.ms, and its records would be
   * lost. So a timeout not above the interval is refused before anything is written.
   */
  private void checkTransactionTimeout(SubtaskInfo context) {
    if (!CheckpointOptions.enabledIn(context.configuration())) {
      return;
    }
    Duration interval = context.configuration().get(CheckpointOptions.INTERVAL);
    String configured = properties.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    long timeout = configured == null ? DEFAULT_TRANSACTION_TIMEOUT_MS : Long.parseLong(configured);
    if (timeout <= interval.toMillis()) {
      throw new IllegalArgumentException("KafkaSink EXACTLY_ONCE: " + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + " ("
          + timeout + " ms) must be longer than " + CheckpointOptions.INTERVAL.key() + " (" + interval.toMillis()
          + " ms), or the broker aborts a checkpoint's transaction before it can be committed; raise it with "
          + "setProperty(\"" + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + "\", ...) up to the broker's "
          + "transaction.max.timeout.ms, or checkpoint more often");
    }
  }

  String bootstrapServers() {
    return properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
  }
}
