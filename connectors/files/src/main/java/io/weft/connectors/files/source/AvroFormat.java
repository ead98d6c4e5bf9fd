package io.weft.connectors.files.source;

import io.weft.connectors.files.format.AvroWriters;
import java.io.IOException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.reflect.ReflectDatumReader;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Avro container files into POJOs by reflection (what {@link AvroWriters#forReflectRecord}
 * writes). A range reads the blocks after the first sync marker at or past its start, up to the
 * first sync marker past its end, as Hadoop's Avro input format does.
 */
public final class AvroFormat<T> implements FileFormat<T> {
  private static final long serialVersionUID = 1L;
  private final String typeName;

  private AvroFormat(Class<T> type) {
    this.typeName = type.getName();
  }

  public static <T> AvroFormat<T> forReflectRecord(Class<T> type) {
    ReflectData.AllowNull.get().getSchema(type);
    return new AvroFormat<>(type);
  }

  static Class<?> load(String typeName) throws IOException {
    try {
      return Class.forName(typeName, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException("the record class " + typeName + " of a file source is not on the classpath", e);
    }
  }

  @Override
  public RangeReader<T> open(FileSystem fs, Path file, long from, long to) throws IOException {
    Class<?> type = load(typeName);
    long length = fs.getFileStatus(file).getLen();
    FSDataInputStream in = fs.open(file);
    SeekableInput seekable = new SeekableInput() {
      @Override
      public void seek(long p) throws IOException {
        in.seek(p);
      }

      @Override
      public long tell() throws IOException {
        return in.getPos();
      }

      @Override
      public long length() {
        return length;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
    DataFileReader<T> reader;
    try {
      reader = new DataFileReader<>(seekable, new ReflectDatumReader<T>(ReflectData.AllowNull.get().getSchema(type)));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    reader.sync(from);
    return new RangeReader<>() {
      @Override
      public T read() throws IOException {
        if (!reader.hasNext() || reader.pastSync(to)) {
          return null;
        }
        return reader.next();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
