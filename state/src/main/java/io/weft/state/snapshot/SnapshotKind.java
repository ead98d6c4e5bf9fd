package io.weft.state.snapshot;

/** What a snapshot is for, which decides whether it may share files with earlier ones. */
public enum SnapshotKind {
  /** A checkpoint: may be incremental, referencing files of earlier checkpoints in the shared directory. */
  CHECKPOINT,
  /** A savepoint: always a full, self-contained snapshot that references no shared files. */
  SAVEPOINT
}
