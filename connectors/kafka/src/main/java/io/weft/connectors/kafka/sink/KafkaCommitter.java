package io.weft.connectors.kafka.sink;

import io.weft.api.sink.twophase.Committer;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the EXACTLY_ONCE sink's transactions. A transaction this subtask prepared is committed
 * through its own producer. A restored one is committed only if still open (the failure overtook
 * its commit), by resuming it from its producer id and epoch ({@link TransactionResumer}); one that
 * cannot be resumed is left for the writer's restore to abort, with an ERROR line naming it.
 */
final class KafkaCommitter implements Committer<KafkaCommittable> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaCommitter.class);

  private final KafkaSink<?> sink;
  private final int subtask;

  KafkaCommitter(KafkaSink<?> sink, int subtask) {
    this.sink = sink;
    this.subtask = subtask;
  }

  @Override
  public void commit(long checkpointId, Collection<KafkaCommittable> committables, boolean recovered)
      throws IOException {
    String of = checkpointId == TwoPhaseCommittingSink.END_OF_INPUT ? "the end of the input" : "checkpoint " + checkpointId;
    if (recovered) {
      commitRestored(of, committables);
      return;
    }
    for (KafkaCommittable c : committables) {
      try {
        c.producer.commitTransaction();
      } catch (ProducerFencedException e) {
        throw fenced(sink, c.transactionalId(), e);
      } finally {
        c.producer.close(Duration.ofSeconds(5));
        c.producer = null;
      }
      LOG.info("KafkaSink subtask {} committed transaction {} of {}", subtask, c.transactionalId(), of);
    }
  }

  private void commitRestored(String of, Collection<KafkaCommittable> committables) {
    Set<String> open = Transactions.open(sink, committables.stream().map(c -> prefixOf(c.transactionalId())).distinct().toList());
    List<String> ended = committables.stream().map(KafkaCommittable::transactionalId).filter(id -> !open.contains(id))
        .toList();
    for (String id : ended.isEmpty() ? Set.<String>of() : Transactions.aborted(sink, ended)) {
      LOG.error("KafkaSink subtask {}: transaction {} belongs to restored {} but was aborted, not committed (the "
          + "broker's transaction.timeout.ms passed before the restore, or another producer of the id fenced it): "
          + "its records are lost", subtask, id, of);
    }
    for (KafkaCommittable c : committables) {
      if (!open.contains(c.transactionalId())) {
        continue; // committed before the failure (or aborted: said above)
      }
      if (c.producerId() < 0
          || !Transactions.commitResumed(sink, subtask, c.transactionalId(), c.producerId(), c.epoch())) {
        LOG.error("KafkaSink subtask {}: transaction {} belongs to restored {} but was never committed and "
            + "cannot be resumed: it is aborted and its records are lost", subtask, c.transactionalId(), of);
      }
    }
  }

  /** {@code <prefix>-<subtask>-} of {@code <prefix>-<subtask>-<n>}. */
  private static String prefixOf(String transactionalId) {
    return transactionalId.substring(0, transactionalId.lastIndexOf('-') + 1);
  }

  static IOException fenced(KafkaSink<?> sink, String id, RuntimeException e) {
    return new IOException("KafkaSink transaction " + id + " was fenced by a newer producer with the same "
        + "transactional.id: does another job (or a newer attempt) write with the prefix '" + sink.transactionalIdPrefix
        + "'?", e);
  }
}
