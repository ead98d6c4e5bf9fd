package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.container.ContainerContract;
import io.weft.core.ha.JobManagerAddressFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
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

  @Test
  void aRuntimeArchiveIsTheArchiveLibAndLooseJarsAreFilesUnderLib(@TempDir java.nio.file.Path libs) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    java.nio.file.Path archived = Files.createDirectories(libs.resolve("archived"));
    Files.writeString(archived.resolve(ContainerContract.RUNTIME_ARCHIVE), "zip");
    Files.writeString(archived.resolve("notes.txt"), "not a jar");
    Map<String, LocalResource> one = ContainerFiles.libResources(fs, List.of(new Path(archived.toUri())),
        LocalResourceVisibility.PUBLIC);
    assertEquals(Set.of("lib"), one.keySet());
    assertEquals(LocalResourceType.ARCHIVE, one.get("lib").getType());
    assertEquals(LocalResourceVisibility.PUBLIC, one.get("lib").getVisibility());

    java.nio.file.Path loose = Files.createDirectories(libs.resolve("loose"));
    Files.writeString(loose.resolve("a.jar"), "a");
    Files.writeString(loose.resolve("b.jar"), "b");
    Map<String, LocalResource> jars = ContainerFiles.libResources(fs, List.of(new Path(loose.toUri())),
        LocalResourceVisibility.APPLICATION);
    assertEquals(Set.of("lib/a.jar", "lib/b.jar"), jars.keySet());
    assertEquals(LocalResourceType.FILE, jars.get("lib/a.jar").getType());

    IOException both = assertThrows(IOException.class, () -> ContainerFiles.libResources(fs,
        List.of(new Path(archived.toUri()), new Path(loose.toUri())), LocalResourceVisibility.APPLICATION));
    assertTrue(both.getMessage().contains("either one " + ContainerContract.RUNTIME_ARCHIVE), both.getMessage());
  }
}
