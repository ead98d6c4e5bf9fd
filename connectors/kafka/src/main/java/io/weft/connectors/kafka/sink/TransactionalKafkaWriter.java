package io.weft.connectors.kafka.sink;

import io.weft.api.sink.SinkWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXACTLY_ONCE: a Kafka transaction per checkpoint, the engine's two-phase commit.
 * <ol>
 *   <li>Records go into the open transaction {@code <prefix>-<subtask>-<n>}, opened at the first
 *       record after a barrier.</li>
 *   <li>The barrier flushes it (pre-commit) and parks it as pending for that checkpoint; the ids of
 *       pending transactions are the writer's checkpointed state. The next record opens a new one
 *       with another producer, since a producer holds one transaction at a time.</li>
 *   <li>The checkpoint's completion commits its pending transactions.</li>
 *   <li>A restore commits the restored checkpoint's transactions still open, then (as a fresh
 *       start does) aborts every other open transaction under the prefix of the subtasks it takes
 *       over: they hold records after the restored checkpoint, which the sources replay. The end
 *       of the input commits everything.</li>
 * </ol>
 * A transaction whose checkpoint completed but whose commit the failure overtook is committed by
 * the restore, from the producer id and epoch kept with it ({@link TransactionResumer}); only if
 * that fails is it aborted, with an ERROR line naming it (see ARCHITECTURE.md, Kafka).
 */
final class TransactionalKafkaWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionalKafkaWriter.class);

  private record Txn(String id, KafkaProducer<byte[], byte[]> producer) {}

  /** A pre-committed transaction as the checkpoint keeps it: its id, and producer id and epoch to commit it after a restart (-1 if unknown). */
  private record Prepared(String id, long producerId, short epoch) {}

  private final KafkaSink<T> sink;
  private final int subtask;
  private final SendErrors errors;
  /** Pre-committed transactions by checkpoint id, waiting for the checkpoint to complete. */
  private final TreeMap<Long, Txn> pending = new TreeMap<>();
  /** Pending transactions restored from a checkpoint: committed already, or committed by the restore. */
  private final TreeMap<Long, Prepared> restoredPending = new TreeMap<>();
  /** Producer id and epoch of each pending transaction, read when it was pre-committed. */
  private final Map<String, long[]> handles = new java.util.HashMap<>();
  private Txn current;
  private long nextNumber;
  private boolean cleanedUp;

  TransactionalKafkaWriter(KafkaSink<T> sink, int subtask) {
    this.sink = sink;
    this.subtask = subtask;
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
      throw fenced(current.id(), e);
    }
  }

  private Txn begin() {
    if (!cleanedUp) {
      abortLingering(Set.of(subtask), -1); // a fresh start: an earlier run under this prefix may have left some
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
  public byte[] snapshotState(long checkpointId) throws IOException {
    if (current != null) {
      try {
        current.producer().flush(); // pre-commit: every record of the transaction is on the broker
      } catch (ProducerFencedException e) {
        throw fenced(current.id(), e);
      }
      errors.check();
      long[] handle = TransactionResumer.handle(current.producer());
      if (handle != null) {
        handles.put(current.id(), handle);
      }
      pending.put(checkpointId, current);
      current = null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(subtask); // whose transactions: another subtask takes them over at another parallelism
    out.writeLong(nextNumber);
    out.writeInt(pending.size());
    for (Map.Entry<Long, Txn> e : pending.entrySet()) {
      long[] handle = handles.getOrDefault(e.getValue().id(), new long[] {-1, -1});
      out.writeLong(e.getKey());
      out.writeUTF(e.getValue().id());
      out.writeLong(handle[0]);
      out.writeShort((short) handle[1]);
    }
    out.flush();
    return bytes.toByteArray();
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws IOException {
    LOG.debug("KafkaSink subtask {}: checkpoint {} complete, pending {}", subtask, checkpointId, pending.keySet());
    for (Iterator<Map.Entry<Long, Txn>> it = pending.headMap(checkpointId, true).entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Txn> e = it.next();
      commit(e.getValue());
      handles.remove(e.getValue().id());
      LOG.info("KafkaSink subtask {} committed transaction {} of {}", subtask, e.getValue().id(),
          e.getKey() == Long.MAX_VALUE ? "the end of the input" : "checkpoint " + e.getKey());
      it.remove();
    }
    restoredPending.headMap(checkpointId, true).clear();
  }

  private void commit(Txn txn) throws IOException {
    try {
      txn.producer().commitTransaction();
    } catch (ProducerFencedException e) {
      throw fenced(txn.id(), e);
    } finally {
      txn.producer().close(Duration.ofSeconds(5));
    }
  }

  private IOException fenced(String id, KafkaException e) {
    return new IOException("KafkaSink transaction " + id + " was fenced by a newer producer with the same "
        + "transactional.id: does another job (or a newer attempt) write with the prefix '" + sink.transactionalIdPrefix
        + "'?", e);
  }

  @Override
  public void restoreState(byte[] state) throws IOException {
    restoreRescaled(state == null ? List.of() : List.of(state));
  }

  /** Takes over the transactions of these old subtasks (and its own): aborts what is still open under their ids. */
  @Override
  public void restoreRescaled(List<byte[]> states) throws IOException {
    Set<Integer> owners = new HashSet<>(Set.of(subtask));
    for (byte[] state : states) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
      int owner = in.readInt();
      long next = in.readLong();
      int n = in.readInt();
      if (owner < 0 || n < 0 || n > 100_000) {
        throw new IOException("corrupt Kafka sink state: subtask " + owner + ", " + n + " transactions");
      }
      owners.add(owner);
      if (owner == subtask) {
        nextNumber = Math.max(nextNumber, next);
      }
      for (int i = 0; i < n; i++) {
        restoredPending.put(in.readLong(), new Prepared(in.readUTF(), in.readLong(), in.readShort()));
      }
    }
    abortLingering(owners, restoredPending.isEmpty() ? -1 : restoredPending.lastKey());
  }

  /**
   * Commits the restored checkpoint's transactions that are still open (the failure overtook their
   * commit), then aborts every other open transaction under the prefixes of {@code owners}.
   */
  private void abortLingering(Set<Integer> owners, long restoredCheckpoint) {
    cleanedUp = true;
    Set<String> open = new HashSet<>(Transactions.open(sink, owners.stream().map(this::prefixOf).toList()));
    for (Prepared p : restoredPending.values()) {
      if (!open.contains(p.id())) {
        continue; // committed before the failure
      }
      if (p.producerId() >= 0 && Transactions.commitResumed(sink, subtask, p.id(), p.producerId(), p.epoch())) {
        open.remove(p.id());
      } else {
        LOG.error("KafkaSink subtask {}: transaction {} belongs to restored checkpoint {} but was never committed and "
            + "cannot be resumed: it is aborted and its records are lost", subtask, p.id(), restoredCheckpoint);
      }
    }
    for (String id : open) {
      Transactions.abort(sink, subtask, id);
    }
  }

  @Override
  public void finish() throws IOException {
    if (current != null) {
      pending.put(Long.MAX_VALUE, current);
      current = null;
    }
    notifyCheckpointComplete(Long.MAX_VALUE); // the end of the input commits everything, like FileSink
  }

  /** Failure or cancellation: the open and pending transactions stay open, for the restore to abort. */
  @Override
  public void close() {
    if (current != null) {
      current.producer().close(Duration.ZERO);
      current = null;
    }
    pending.values().forEach(t -> t.producer().close(Duration.ZERO));
    pending.clear();
  }
}
