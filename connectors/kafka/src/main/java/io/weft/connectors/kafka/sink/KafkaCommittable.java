package io.weft.connectors.kafka.sink;

import io.weft.api.sink.twophase.CommittableSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A pre-committed Kafka transaction, the committable of the EXACTLY_ONCE sink: its transactional
 * id, and the producer id and epoch a fresh producer needs to commit it after a restore (-1 if
 * unknown). While the writer that opened it runs, it also holds that producer.
 */
public final class KafkaCommittable {
  static final CommittableSerializer<KafkaCommittable> SERIALIZER = new Serializer();

  private final String transactionalId;
  private final long producerId;
  private final short epoch;
  /** The open producer of a transaction this subtask prepared; null once closed or when restored. */
  KafkaProducer<byte[], byte[]> producer;

  KafkaCommittable(String transactionalId, long producerId, short epoch, KafkaProducer<byte[], byte[]> producer) {
    this.transactionalId = transactionalId;
    this.producerId = producerId;
    this.epoch = epoch;
    this.producer = producer;
  }

  public String transactionalId() {
    return transactionalId;
  }

  public long producerId() {
    return producerId;
  }

  public short epoch() {
    return epoch;
  }

  @Override
  public String toString() {
    return transactionalId;
  }

  private static final class Serializer implements CommittableSerializer<KafkaCommittable> {
    private static final long serialVersionUID = 1L;

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(KafkaCommittable c) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(c.transactionalId);
      out.writeLong(c.producerId);
      out.writeShort(c.epoch);
      out.flush();
      return bytes.toByteArray();
    }

    @Override
    public KafkaCommittable deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("Kafka committables of serializer version " + version + " are unknown (this Weft reads 1)");
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
      return new KafkaCommittable(in.readUTF(), in.readLong(), in.readShort(), null);
    }

    private Object readResolve() {
      return SERIALIZER;
    }
  }
}
