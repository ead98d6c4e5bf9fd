package io.weft.connectors.kafka.sink;

/** What a {@link KafkaSink} promises across failures. */
public enum DeliveryGuarantee {
  /** Records may be lost or repeated after a failure; nothing waits for checkpoints. */
  NONE,
  /** Every checkpoint waits until all records before it are acknowledged; a restore may repeat some. */
  AT_LEAST_ONCE,
  /** A Kafka transaction per checkpoint, committed when the checkpoint completes; read_committed readers see each record once. */
  EXACTLY_ONCE
}
