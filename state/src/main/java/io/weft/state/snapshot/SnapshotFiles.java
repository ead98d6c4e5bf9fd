package io.weft.state.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/** Reads the files a handle names (full URIs, e.g. hdfs://nn:8020/...), whichever file system they are on. */
public final class SnapshotFiles {
  private static final int BUFFER = 64 * 1024;

  private SnapshotFiles() {}

  public static FSDataInputStream open(String path, Configuration hadoopConf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(hadoopConf).open(p, BUFFER);
  }

  /** Copies a snapshot file to a new local file. */
  public static void download(String path, java.nio.file.Path local, Configuration hadoopConf) throws IOException {
    try (InputStream in = open(path, hadoopConf);
        OutputStream out = Files.newOutputStream(local, StandardOpenOption.CREATE_NEW)) {
      in.transferTo(out);
    }
  }
}
