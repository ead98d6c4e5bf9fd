package io.weft.launcher.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.weft.core.container.ContainerContract;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLibrariesTest {
  @TempDir java.nio.file.Path dir;

  /** The archive holds every jar byte for byte at its root, as YARN's unpacking must put them in lib/. */
  @Test
  void theArchiveHoldsEveryJarUnderItsNameAndASecondUploadReusesIt() throws Exception {
    java.nio.file.Path jars = Files.createDirectories(dir.resolve("jars"));
    byte[] big = new byte[300_000];
    new java.util.Random(7).nextBytes(big);
    Files.write(jars.resolve("a.jar"), big);
    Files.writeString(jars.resolve("b.jar"), "the second jar");
    List<java.nio.file.Path> list = List.of(jars.resolve("a.jar"), jars.resolve("b.jar"));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    fs.setWorkingDirectory(new Path(dir.toUri()));
    String home = System.getProperty("user.home");
    System.setProperty("user.home", dir.resolve("home").toString());
    try {
      SharedLibraries.Location first = SharedLibraries.upload(fs, list);
      Path archive = new Path(first.dirs().get(0), ContainerContract.RUNTIME_ARCHIVE);
      FileStatus uploaded = fs.getFileStatus(archive);
      List<String> names = new ArrayList<>();
      try (InputStream in = fs.open(archive); ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          names.add(e.getName());
          assertArrayEquals(Files.readAllBytes(jars.resolve(e.getName())), zip.readAllBytes(), e.getName());
        }
      }
      assertEquals(List.of("a.jar", "b.jar"), names);
      assertEquals(List.of(ContainerContract.RUNTIME_ARCHIVE), List.of(fs.listStatus(first.dirs().get(0)))
          .stream().map(f -> f.getPath().getName()).toList());

      SharedLibraries.Location again = SharedLibraries.upload(fs, list);
      assertEquals(first.dirs(), again.dirs());
      assertEquals(uploaded.getModificationTime(), fs.getFileStatus(archive).getModificationTime());

      Files.writeString(jars.resolve("b.jar"), "the second jar, rebuilt");
      assertNotEquals(first.dirs(), SharedLibraries.upload(fs, list).dirs());
    } finally {
      System.setProperty("user.home", home);
    }
  }
}
