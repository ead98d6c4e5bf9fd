package io.weft.connectors.files.partition;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/**
 * A user's action when a time partition is complete, run before its {@code _SUCCESS} file is
 * written (Flink's custom {@code PartitionCommitPolicy}): e.g. add the partition to a metastore.
 * It may run again for the same partition after a failure, or when two subtasks finish together at
 * the end of the input, so it must be idempotent.
 */
@FunctionalInterface
public interface PartitionCommitPolicy extends Serializable {
  /**
   * @param partition the bucket id, e.g. {@code dt=2026-12-06/hour=13}
   * @param directory the partition's directory
   */
  void commit(String partition, Path directory) throws Exception;
}
