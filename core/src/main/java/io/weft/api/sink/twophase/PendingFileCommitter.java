package io.weft.api.sink.twophase;

import java.io.IOException;
import java.util.Collection;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Commits {@link PendingFile}s by renaming them to their visible name. A rename already done is
 * skipped, so a replayed commit is harmless; a pending file that is gone and was never committed
 * is an error naming both paths (its data would be lost).
 */
public final class PendingFileCommitter implements Committer<PendingFile> {
  private final Configuration conf;

  public PendingFileCommitter(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public void commit(long checkpointId, Collection<PendingFile> files, boolean recovered) throws IOException {
    for (PendingFile file : files) {
      commit(file);
    }
  }

  /** Makes one file visible; true if this call renamed it, false if it was committed already. */
  public boolean commit(PendingFile file) throws IOException {
    Path from = new Path(file.inProgress());
    Path to = new Path(file.committed());
    FileSystem fs = from.getFileSystem(conf);
    if (fs.exists(from)) {
      if (!fs.rename(from, to)) {
        throw new IOException("cannot commit " + from + " as " + to);
      }
      return true;
    }
    if (!fs.exists(to)) {
      throw new IOException("pending file " + from + " is gone and was never committed as " + to);
    }
    return false;
  }
}
