package io.weft.connectors.kafka.sink;

import java.io.IOException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/** Keeps the first failed send (they complete on the producer's thread) for the task thread to throw. */
final class SendErrors implements Callback {
  private final KafkaSink<?> sink;
  private final int subtask;
  private volatile Exception first;

  SendErrors(KafkaSink<?> sink, int subtask) {
    this.sink = sink;
    this.subtask = subtask;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception != null && first == null) {
      first = exception;
    }
  }

  void check() throws IOException {
    Exception e = first;
    if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
      throw new IOException("KafkaSink subtask " + subtask + ": its transaction was fenced by a newer producer with the "
          + "same transactional.id: does another job (or a newer attempt) write with the prefix '"
          + sink.transactionalIdPrefix + "'?", e);
    }
    if (e != null) {
      throw new IOException("KafkaSink subtask " + subtask + " could not write to Kafka at " + sink.bootstrapServers()
          + ": " + e, e);
    }
  }
}
