package io.weft.core.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManagerAddressFileTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void theLatestAttemptsAddressReplacesTheOneBefore() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path staging = new Path(dir.toUri());
    assertNull(JobManagerAddressFile.read(fs, staging), "no attempt wrote it yet");
    JobManagerAddressFile.write(fs, staging, new JobManagerAddressFile.Location(1, "host-a", 4000));
    JobManagerAddressFile.write(fs, staging, new JobManagerAddressFile.Location(2, "host-b", 5000));
    assertEquals(new JobManagerAddressFile.Location(2, "host-b", 5000), JobManagerAddressFile.read(fs, staging));
    assertEquals(new JobManagerAddressFile.Location(2, "host-b", 5000),
        JobManagerAddressFile.awaitNewer(fs, staging, 1, Duration.ZERO));
    assertNull(JobManagerAddressFile.awaitNewer(fs, staging, 2, Duration.ofMillis(300)), "nothing newer than 2");
  }

  @Test
  void aDamagedFileReadsAsNoAddress() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Files.writeString(dir.resolve(JobManagerAddressFile.NAME), "garbage");
    assertNull(JobManagerAddressFile.read(fs, new Path(dir.toUri())));
    assertNull(JobManagerAddressFile.parse("x host:1"));
    assertNull(JobManagerAddressFile.parse("1 host"));
  }
}
