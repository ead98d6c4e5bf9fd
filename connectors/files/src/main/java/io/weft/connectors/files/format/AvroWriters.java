package io.weft.connectors.files.format;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.reflect.ReflectDatumWriter;
import org.apache.hadoop.fs.FSDataOutputStream;

/** Avro container files of POJOs, their schema from Avro reflection (Flink's {@code AvroWriters}). */
public final class AvroWriters {
  private AvroWriters() {}

  public static <T> BulkWriter.Factory<T> forReflectRecord(Class<T> type) {
    String typeName = type.getName();
    return out -> open(typeName, out);
  }

  private static <T> BulkWriter<T> open(String typeName, FSDataOutputStream out) throws IOException {
    Class<T> type = ParquetAvroWriters.load(typeName);
    Schema schema = ReflectData.AllowNull.get().getSchema(type);
    DataFileWriter<T> writer = new DataFileWriter<>(new ReflectDatumWriter<T>(schema, ReflectData.AllowNull.get()));
    writer.setCodec(CodecFactory.deflateCodec(CodecFactory.DEFAULT_DEFLATE_LEVEL));
    writer.create(schema, out);
    return new BulkWriter<>() {
      @Override
      public void addElement(T element) throws IOException {
        writer.append(element);
      }

      @Override
      public void flush() throws IOException {
        writer.flush();
      }

      @Override
      public void finish() throws IOException {
        writer.flush(); // not close: the sink closes the stream it opened
      }
    };
  }
}
