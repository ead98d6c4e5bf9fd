package io.weft.state.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State is private to the job's user unless configured otherwise: directories 0700, files 0600. */
class CheckpointStoragePermissionTest {
  @TempDir
  Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private Path writeOne(CheckpointStorage storage) throws IOException {
    try (CheckpointOutput out = storage.createExclusive(7, "keyed")) {
      out.stream().write("state".getBytes(StandardCharsets.UTF_8));
      return Path.of(java.net.URI.create(out.closeAndGet().path()));
    }
  }

  @Test
  void checkpointFilesArePrivateByDefault() throws Exception {
    CheckpointStorage storage = CheckpointStorage.forUri(tmp.resolve("job_1").toUri().toString(), new Configuration());
    Path file = writeOne(storage);
    assertEquals("rwx------", mode(tmp.resolve("job_1")), "the job's directory");
    assertEquals("rwx------", mode(tmp.resolve("job_1/chk-7")), "the checkpoint's directory");
    assertEquals("rw-------", mode(file), "a state file");
  }

  @Test
  void theConfiguredPermissionIsUsed() throws Exception {
    CheckpointStorage storage = CheckpointStorage.forUri(tmp.resolve("job_2").toUri().toString(), new Configuration(),
        new FsPermission((short) 0750));
    Path file = writeOne(storage);
    assertEquals("rwxr-x---", mode(tmp.resolve("job_2/chk-7")));
    assertEquals("rw-r-----", mode(file));
  }
}
