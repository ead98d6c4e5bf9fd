package io.weft.it.yarn.jobs;

import io.weft.api.functions.MapFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Passes numbers through, throwing at 6000, 10000 and 14000 the first time it sees each: a marker
 * file per failure in the given directory remembers, across restarts, which already happened.
 */
public final class FailThrice implements MapFunction<Long, Long> {
  private static final long serialVersionUID = 1L;
  public static final int FAILURES = 3;
  private final String markers;

  public FailThrice(String markers) {
    this.markers = markers;
  }

  @Override
  public Long map(Long v) throws Exception {
    if (v == 6_000 || v == 10_000 || v == 14_000) {
      Path marker = new Path(markers, "failed-at-" + v);
      FileSystem fs = marker.getFileSystem(new org.apache.hadoop.conf.Configuration());
      if (fs.createNewFile(marker)) {
        throw new IllegalStateException("planned failure at " + v);
      }
    }
    return v;
  }
}
