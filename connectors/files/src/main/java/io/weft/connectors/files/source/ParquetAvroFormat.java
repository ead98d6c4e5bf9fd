package io.weft.connectors.files.source;

import io.weft.connectors.files.format.ParquetAvroWriters;
import java.io.IOException;
import org.apache.avro.reflect.ReflectData;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Parquet files into POJOs through parquet-hadoop and Avro reflection (what {@link
 * ParquetAvroWriters#forReflectRecord} writes). A range reads the row groups whose middle lies in
 * it, so a file cut into ranges is read once, row group by row group.
 */
public final class ParquetAvroFormat<T> implements FileFormat<T> {
  private static final long serialVersionUID = 1L;
  private final String typeName;

  private ParquetAvroFormat(Class<T> type) {
    this.typeName = type.getName();
  }

  public static <T> ParquetAvroFormat<T> forReflectRecord(Class<T> type) {
    ReflectData.AllowNull.get().getSchema(type); // a class Avro cannot map fails here, in main()
    return new ParquetAvroFormat<>(type);
  }

  @Override
  public RangeReader<T> open(FileSystem fs, Path file, long from, long to) throws IOException {
    Class<?> type = AvroFormat.load(typeName);
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(fs.getConf());
    AvroReadSupport.setAvroReadSchema(conf, ReflectData.AllowNull.get().getSchema(type));
    ParquetReader<T> reader = AvroParquetReader.<T>builder(HadoopInputFile.fromPath(file, conf))
        .withDataModel(ReflectData.AllowNull.get())
        .withConf(conf)
        .withFileRange(from, to)
        .build();
    return new RangeReader<>() {
      @Override
      public T read() throws IOException {
        return reader.read();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
