package io.weft.connectors.kafka.sink;

import io.weft.api.sink.twophase.PrecommittingSinkWriter;
import io.weft.api.sink.twophase.TwoPhaseCommittingSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * EXACTLY_ONCE: a Kafka transaction per checkpoint, on the engine's two-phase-commit sink API.
 * <ol>
 *   <li>Records go into the open transaction {@code <prefix>-<subtask>-<n>}, opened at the first
 *       record after a barrier.</li>
 *   <li>The barrier flushes it and hands it over as a {@link KafkaCommittable} (pre-commit); the
 *       next record opens a new one with another producer, since a producer holds one transaction
 *       at a time. The writer's own state is its subtask and next transaction number.</li>
 *   <li>The checkpoint's completion commits it ({@link KafkaCommitter}).</li>
 *   <li>A restore, after the restored checkpoint's transactions were committed, aborts (as a fresh
 *       start does) every other open transaction under the prefix of the subtasks it takes over:
 *       they hold records after the restored checkpoint, which the sources replay.</li>
 *   <li>The end of the input aborts once more what is open under its own prefix (and those of
 *       taken-over subtasks that no longer run) but its own last transactions: a task of an
 *       earlier execution on a TaskManager the JobManager declared lost, running until that
 *       TaskManager noticed, may have opened a transaction after the restore looked, under a number
 *       this execution never reaches. Left open, it would hold every read_committed reader of its
 *       partitions at its first record until the broker's transaction timeout. (No TaskManager runs
 *       an old task beside its successor: a canceled task that does not end within
 *       task.cancellation.timeout ends the process. Beside one, this very step of the old task
 *       would abort the successor's transactions.)</li>
 * </ol>
 */
final class TransactionalKafkaWriter<T> implements PrecommittingSinkWriter<T, KafkaCommittable> {
  private record Txn(String id, KafkaProducer<byte[], byte[]> producer) {}

  private final KafkaSink<T> sink;
  private final int subtask;
  private final int parallelism;
  private final SendErrors errors;
  /** Handed over and maybe not committed yet: their producers close with the writer on a failure. */
  private final List<KafkaCommittable> prepared = new ArrayList<>();
  private Txn current;
  private long nextNumber;
  private boolean cleanedUp;
  /** The subtasks whose transactions this one took over (its own and, after a rescale, others'). */
  private final Set<Integer> owners = new HashSet<>();

  TransactionalKafkaWriter(KafkaSink<T> sink, int subtask, int parallelism) {
    this.sink = sink;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.errors = new SendErrors(sink, subtask);
  }

  private String prefixOf(int owner) {
    return sink.transactionalIdPrefix + "-" + owner + "-";
  }

  @Override
  public void write(T value, Long timestamp) throws IOException {
    errors.check();
    if (current == null) {
      current = begin();
    }
    try {
      current.producer().send(sink.serializer.serialize(value, timestamp), errors);
    } catch (ProducerFencedException e) {
      throw KafkaCommitter.fenced(sink, current.id(), e);
    }
  }

  private Txn begin() {
    if (!cleanedUp) {
      abortLingering(Set.of(subtask)); // a fresh start: an earlier run under this prefix may have left some
    }
    String id = prefixOf(subtask) + nextNumber++;
    KafkaProducer<byte[], byte[]> producer = KafkaSinkWriter.producer(sink, subtask, id);
    try {
      producer.initTransactions(); // also fences any earlier producer of this id
      producer.beginTransaction();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return new Txn(id, producer);
  }

  @Override
  public Collection<KafkaCommittable> prepareCommit(long checkpointId) throws IOException {
    prepared.removeIf(c -> c.producer == null); // committed
    if (current == null) {
      if (checkpointId == TwoPhaseCommittingSink.END_OF_INPUT) {
        abortStrays();
      }
      return List.of();
    }
    try {
      current.producer().flush(); // pre-commit: every record of the transaction is on the broker
    } catch (ProducerFencedException e) {
      throw KafkaCommitter.fenced(sink, current.id(), e);
    }
    errors.check();
    long[] handle = TransactionResumer.handle(current.producer());
    KafkaCommittable committable = new KafkaCommittable(current.id(), handle == null ? -1 : handle[0],
        handle == null ? -1 : (short) handle[1], current.producer());
    prepared.add(committable);
    current = null;
    if (checkpointId == TwoPhaseCommittingSink.END_OF_INPUT) {
      abortStrays();
    }
    return List.of(committable);
  }

  /**
   * At the end of the input: aborts what is open under its own prefix and those of taken-over
   * subtasks that no longer exist, but its prepared transactions (committed next). Not the prefixes
   * of other running subtasks, which may still write.
   */
  private void abortStrays() {
    Set<String> mine = new HashSet<>();
    for (KafkaCommittable c : prepared) {
      mine.add(c.transactionalId());
    }
    Set<Integer> taken = new HashSet<>(Set.of(subtask));
    for (int owner : owners) {
      if (owner >= parallelism) {
        taken.add(owner);
      }
    }
    for (String id : Transactions.open(sink, taken.stream().map(this::prefixOf).toList())) {
      if (!mine.contains(id)) {
        Transactions.abort(sink, subtask, id);
      }
    }
  }

  @Override
  public byte[] snapshotState(long checkpointId) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(subtask); // whose transactions: another subtask takes them over at another parallelism
    out.writeLong(nextNumber);
    out.flush();
    return bytes.toByteArray();
  }

  /** Takes over the transactions of these old subtasks (and its own): aborts what is still open under their ids. */
  @Override
  public void restore(List<byte[]> states, boolean rescaled) throws IOException {
    Set<Integer> owners = new HashSet<>(Set.of(subtask));
    for (byte[] state : states) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
      int owner = in.readInt();
      long next = in.readLong();
      if (owner < 0 || next < 0) {
        throw new IOException("corrupt Kafka sink state: subtask " + owner + ", next transaction " + next);
      }
      owners.add(owner);
      if (owner == subtask) {
        nextNumber = Math.max(nextNumber, next);
      }
    }
    abortLingering(owners);
  }

  /** Aborts every open transaction under the prefixes of {@code owners}. */
  private void abortLingering(Set<Integer> owners) {
    cleanedUp = true;
    this.owners.addAll(owners);
    for (String id : Transactions.open(sink, owners.stream().map(this::prefixOf).toList())) {
      Transactions.abort(sink, subtask, id);
    }
  }

  /** Failure or cancellation: the open and prepared transactions stay open, for the restore to abort or commit. */
  @Override
  public void close() {
    if (current != null) {
      current.producer().close(Duration.ZERO);
      current = null;
    }
    for (KafkaCommittable c : prepared) {
      if (c.producer != null) {
        c.producer.close(Duration.ZERO);
        c.producer = null;
      }
    }
    prepared.clear();
  }
}
