package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.core.ha.JobManagerAddressFile;
import java.nio.file.Files;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerFilesTest {
  @TempDir java.nio.file.Path staging;

  @Test
  void theJobManagerAddressIsNotAContainerFile() throws Exception {
    Files.writeString(staging.resolve("job.jar"), "jar");
    Files.createDirectories(staging.resolve("data"));
    Files.writeString(staging.resolve("data/jobmanager-address"), "a shipped file of that name in a directory");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    JobManagerAddressFile.write(fs, new Path(staging.toUri()), new JobManagerAddressFile.Location(1, "h", 1));
    assertEquals(Set.of("job.jar", "data/jobmanager-address"),
        ContainerFiles.collect(fs, new Path(staging.toUri()), null, LocalResourceVisibility.APPLICATION).keySet());
  }
}
