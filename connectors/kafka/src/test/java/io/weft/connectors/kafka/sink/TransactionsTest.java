package io.weft.connectors.kafka.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.connectors.kafka.KafkaTestBroker;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a restore learns of transactions that are no longer open, against a real broker. */
@Timeout(120)
class TransactionsTest {
  private static KafkaTestBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new KafkaTestBroker();
    broker.createTopic("tx", 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void anAbortedTransactionIsToldFromACommittedOne() {
    KafkaSink<String> sink = KafkaSink.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly("tx", new SimpleStringSchema()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("tx")
        .build();
    try (KafkaProducer<byte[], byte[]> committed = producer("tx-0-0", 60_000)) {
      committed.initTransactions();
      committed.beginTransaction();
      committed.send(new ProducerRecord<>("tx", "a".getBytes(StandardCharsets.UTF_8)));
      committed.commitTransaction();
    }
    // Left open past its transaction.timeout.ms, as by a restore that came too late: the broker aborts it.
    KafkaProducer<byte[], byte[]> timedOut = producer("tx-0-1", 1_000);
    timedOut.initTransactions();
    timedOut.beginTransaction();
    timedOut.send(new ProducerRecord<>("tx", "b".getBytes(StandardCharsets.UTF_8)));
    timedOut.flush();
    timedOut.close(Duration.ZERO); // no abort on close: the transaction stays open
    Await.until("the broker aborted the timed-out transaction", Duration.ofSeconds(90),
        () -> Transactions.open(sink, List.of("tx-0-")).isEmpty());
    assertEquals(Set.of("tx-0-1"), Transactions.aborted(sink, List.of("tx-0-0", "tx-0-1", "tx-0-never")));
  }

  private static KafkaProducer<byte[], byte[]> producer(String transactionalId, int timeoutMillis) {
    return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id",
        transactionalId, "transaction.timeout.ms", timeoutMillis), new ByteArraySerializer(), new ByteArraySerializer());
  }
}
