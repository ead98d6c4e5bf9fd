package io.weft.connectors.files.format;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.reflect.ReflectData;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Parquet files of POJOs through parquet-hadoop, their schema from Avro reflection (Flink's {@code
 * AvroParquetWriters.forReflectRecord}); Snappy-compressed. Fields may be null.
 */
public final class ParquetAvroWriters {
  private ParquetAvroWriters() {}

  public static <T> BulkWriter.Factory<T> forReflectRecord(Class<T> type) {
    ReflectData.AllowNull.get().getSchema(type); // a class Avro cannot map fails here, in main()
    String typeName = type.getName();
    return out -> open(typeName, out);
  }

  @SuppressWarnings("unchecked")
  static <T> Class<T> load(String typeName) throws IOException {
    try {
      return (Class<T>) Class.forName(typeName, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException("the element class " + typeName + " of a bulk format is not on the classpath", e);
    }
  }

  private static <T> BulkWriter<T> open(String typeName, FSDataOutputStream out) throws IOException {
    Class<T> type = load(typeName);
    Schema schema = ReflectData.AllowNull.get().getSchema(type);
    ParquetWriter<T> writer = AvroParquetWriter.<T>builder(new StreamOutputFile(out))
        .withSchema(schema)
        .withDataModel(ReflectData.AllowNull.get())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
    return new BulkWriter<>() {
      @Override
      public void addElement(T element) throws IOException {
        writer.write(element);
      }

      @Override
      public void flush() throws IOException {
        // Parquet keeps the open row group in memory until it is full or the file finishes.
      }

      @Override
      public void finish() throws IOException {
        writer.close(); // writes the footer; the stream below stays open for the sink to close
      }
    };
  }

  /** Parquet's view of a part file's stream; closing it leaves the stream to the sink. */
  private record StreamOutputFile(FSDataOutputStream out) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return stream();
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    private PositionOutputStream stream() {
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }
  }
}
