package io.weft.connectors.kafka.sink;

import io.weft.api.sink.SinkWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** NONE and AT_LEAST_ONCE: one plain producer; AT_LEAST_ONCE flushes it at every checkpoint barrier. */
final class KafkaSinkWriter<T> implements SinkWriter<T> {
  private final KafkaSink<T> sink;
  private final int subtask;
  private final boolean flushOnCheckpoint;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SendErrors errors;

  KafkaSinkWriter(KafkaSink<T> sink, int subtask, boolean flushOnCheckpoint) {
    this.sink = sink;
    this.subtask = subtask;
    this.flushOnCheckpoint = flushOnCheckpoint;
    this.producer = producer(sink, subtask, null);
    this.errors = new SendErrors(sink, subtask);
  }

  static KafkaProducer<byte[], byte[]> producer(KafkaSink<?> sink, int subtask, String transactionalId) {
    Map<String, Object> conf = new HashMap<>(sink.properties);
    conf.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId != null ? transactionalId : "weft-sink-" + subtask);
    if (transactionalId != null) {
      conf.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void write(T value, Long timestamp) throws IOException {
    errors.check();
    producer.send(sink.serializer.serialize(value, timestamp), errors);
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws IOException {
    if (flushOnCheckpoint) {
      producer.flush(); // the barrier passes only once Kafka acknowledged everything before it
      errors.check();
    }
    return null;
  }

  /** Nothing to restore: what was flushed is in Kafka, and the sources replay the rest. */
  @Override
  public void restoreState(byte[] state) {}

  /** The same at another parallelism: any number of old subtasks, none with state. */
  @Override
  public void restoreRescaled(java.util.List<byte[]> states) {}

  @Override
  public void finish() throws IOException {
    producer.flush();
    errors.check();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
