package io.weft.state.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.checkpoint.CheckpointMetadata;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout of a job's checkpoint directory, which the JobManager and the TaskManagers share through this class. */
class CheckpointStorageLayoutTest {
  @TempDir
  java.nio.file.Path tmp;

  private CheckpointStorage storage() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return new CheckpointStorage(fs, CheckpointStorage.jobDirectory(new Path(tmp.toUri()), "job_1_0001"));
  }

  private static CheckpointMetadata metadata(long id) {
    return new CheckpointMetadata("job_1_0001", id, 1000 + id, List.of());
  }

  @Test
  void metadataMakesACheckpointCompleteAndTheNewestReadableOneIsFound() throws Exception {
    CheckpointStorage storage = storage();
    assertNull(storage.latestReadable(), "no directory yet");
    assertTrue(storage.writeMetadata(metadata(1)) > 0);
    storage.writeMetadata(metadata(2));
    FileSystem fs = storage.fileSystem();
    fs.mkdirs(storage.checkpointDir(3)); // taken but never completed
    assertEquals(storage.base().toString() + "/chk-2/_metadata",
        CheckpointStorage.metadataFile(storage.checkpointDir(2)).toString());
    assertEquals(List.of(1L, 2L, 3L), List.copyOf(storage.listCheckpoints().keySet()));
    assertTrue(storage.isComplete(storage.checkpointDir(2)));
    assertFalse(storage.isComplete(storage.checkpointDir(3)));
    assertFalse(fs.exists(new Path(storage.checkpointDir(2), CheckpointStorage.METADATA + ".inprogress")));

    assertEquals(2, storage.latestReadable().metadata().checkpointId());
    try (OutputStream out = fs.create(CheckpointStorage.metadataFile(storage.checkpointDir(2)), true)) {
      out.write("not metadata".getBytes());
    }
    assertEquals(1, storage.latestReadable().metadata().checkpointId(), "a corrupt one is skipped");
  }

  @Test
  void sharedFilesNoCompleteCheckpointReferencesGoOnceOlderThanTheCutoff() throws Exception {
    CheckpointStorage storage = storage();
    storage.writeMetadata(metadata(1)); // references no shared file
    Path orphan;
    try (CheckpointOutput out = storage.createShared("sst")) {
      out.stream().write(1);
      orphan = new Path(out.closeAndGet().path());
    }
    assertEquals(0, storage.deleteUnreferencedSharedFiles(0), "younger than the cutoff: kept");
    assertTrue(storage.fileSystem().exists(orphan));
    assertEquals(1, storage.deleteUnreferencedSharedFiles(Long.MAX_VALUE));
    assertFalse(storage.fileSystem().exists(orphan));
  }
}
