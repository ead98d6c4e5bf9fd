package io.weft.connectors.kafka.sink;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * Reads a producer's transaction handle (producer id and epoch) and lets a new producer commit
 * that transaction after a restart. kafka-clients 4.3 has no public API for either (KIP-939's is
 * not public yet), so this reaches into the producer's {@code TransactionManager} by reflection:
 * the one place the connector depends on kafka-clients internals, checked by the restore tests
 * against a real broker. Where a future kafka-clients changes those internals, {@link #handle}
 * returns null and the sink falls back to aborting such a transaction (and says so in its log).
 */
final class TransactionResumer {
  private TransactionResumer() {}

  /** Producer id and epoch of the producer's open transaction, or null if they cannot be read. */
  static long[] handle(KafkaProducer<?, ?> producer) {
    try {
      Object tm = field(producer, "transactionManager");
      ProducerIdAndEpoch ids = (ProducerIdAndEpoch) field(tm, "producerIdAndEpoch");
      return new long[] {ids.producerId, ids.epoch};
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Commits the transaction {@code producerId}/{@code epoch} that an earlier producer of this
   * {@code producer}'s transactional.id left open: the fresh producer (never initialized) takes
   * over its id and epoch, as if it had begun the transaction, and commits it.
   */
  static void commit(KafkaProducer<?, ?> producer, long producerId, short epoch, boolean transactionV2)
      throws ReflectiveOperationException {
    Object tm = field(producer, "transactionManager");
    Class<?> stateType = Class.forName(tm.getClass().getName() + "$State");
    Method transition = tm.getClass().getDeclaredMethod("transitionTo", stateType);
    transition.setAccessible(true);
    transition.invoke(tm, state(stateType, "INITIALIZING"));
    transition.invoke(tm, state(stateType, "READY"));
    transition.invoke(tm, state(stateType, "IN_TRANSACTION"));
    Method setIds = tm.getClass().getDeclaredMethod("setProducerIdAndEpoch", ProducerIdAndEpoch.class);
    setIds.setAccessible(true);
    setIds.invoke(tm, new ProducerIdAndEpoch(producerId, epoch));
    setField(tm, "isTransactionV2Enabled", transactionV2);
    setField(tm, "transactionStarted", true); // so the commit really sends EndTxn
    producer.commitTransaction();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object state(Class<?> stateType, String name) {
    return Enum.valueOf((Class) stateType, name);
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }

  private static void setField(Object target, String name, Object value) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(target, value);
  }
}
