package io.weft.connectors.kafka.sink;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and aborts the open transactions an earlier attempt left under a sink's prefix. */
final class Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
  private static final long TIMEOUT_SECONDS = 60;
  /** What follows a subtask's prefix in its ids, so prefix "a-1-" does not claim "a-1-x-0" of another sink. */
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");

  private Transactions() {}

  /** An admin client with the sink's properties that apply to one (bootstrap servers, security). */
  private static Admin admin(KafkaSink<?> sink) {
    Map<String, Object> conf = new java.util.HashMap<>(sink.properties);
    conf.keySet().retainAll(AdminClientConfig.configNames());
    return Admin.create(conf);
  }

  /** The transactional ids under any of {@code prefixes} whose transaction is open. */
  static Set<String> open(KafkaSink<?> sink, List<String> prefixes) {
    try (Admin admin = admin(sink)) {
      ListTransactionsOptions options = new ListTransactionsOptions()
          .filterStates(List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT));
      return admin.listTransactions(options).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
          .map(TransactionListing::transactionalId)
          .filter(id -> prefixes.stream().anyMatch(p -> id.startsWith(p) && NUMBER.matcher(id.substring(p.length())).matches()))
          .collect(Collectors.toSet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing Kafka transactions", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("KafkaSink could not list the open transactions at " + sink.bootstrapServers()
          + " within " + TIMEOUT_SECONDS + " s: " + e, e);
    }
  }

  /**
   * Of {@code ids} (transactions no longer open), those whose last transaction was aborted rather
   * than committed: a restored checkpoint's transaction the broker aborted (its
   * transaction.timeout.ms passed) or a newer producer of the id fenced. Unknown ids are left out.
   */
  static Set<String> aborted(KafkaSink<?> sink, List<String> ids) {
    try (Admin admin = admin(sink)) {
      var described = admin.describeTransactions(ids);
      Set<String> aborted = new java.util.HashSet<>();
      for (String id : ids) {
        try {
          if (described.description(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).state() == TransactionState.COMPLETE_ABORT) {
            aborted.add(id);
          }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
          LOG.warn("KafkaSink could not describe transaction {} at {}: {}", id, sink.bootstrapServers(), e.toString());
        }
      }
      return aborted;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted describing Kafka transactions", e);
    }
  }

  /**
   * Whether the cluster runs transactions of version 2 (KIP-890: the epoch moves on at each
   * transaction's end), which the commit of a resumed transaction must speak.
   */
  static boolean transactionV2(KafkaSink<?> sink) {
    try (Admin admin = admin(sink)) {
      var level = admin.describeFeatures().featureMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .finalizedFeatures().get("transaction.version");
      return level != null && level.maxVersionLevel() >= 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading Kafka's features", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("KafkaSink could not read the features of " + sink.bootstrapServers()
          + " within " + TIMEOUT_SECONDS + " s: " + e, e);
    }
  }

  /** Commits a restored checkpoint's transaction that the failure left open; false if it could not. */
  static boolean commitResumed(KafkaSink<?> sink, int subtask, String id, long producerId, short epoch) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaSinkWriter.producer(sink, subtask, id)) {
      TransactionResumer.commit(producer, producerId, epoch, transactionV2(sink));
      LOG.info("KafkaSink subtask {} committed restored transaction {} (producer id {}, epoch {})", subtask, id,
          producerId, epoch);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.error("KafkaSink subtask {} could not commit restored transaction {} (producer id {}, epoch {}): {}", subtask,
          id, producerId, epoch, e.toString());
      return false;
    }
  }

  /** Aborts the open transaction of {@code id}: a new producer's initTransactions fences the old one and aborts it. */
  static void abort(KafkaSink<?> sink, int subtask, String id) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaSinkWriter.producer(sink, subtask, id)) {
      producer.initTransactions();
    }
    LOG.info("KafkaSink subtask {} aborted lingering transaction {}", subtask, id);
  }
}
