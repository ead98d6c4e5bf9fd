package io.weft.launcher.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.cache.CachedFile;
import io.weft.core.cache.CachedFiles;
import io.weft.core.config.Configuration;
import io.weft.launcher.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What weft run checks and uploads of a job's cached files, before anything is submitted. */
class CachedFileStagingTest {
  private final org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();

  @Test
  void localFilesAndDirectoriesAreUploadedUnderWeftCacheByTheirNames(@TempDir Path dir) throws Exception {
    Path model = Files.writeString(dir.resolve("model.bin"), "m");
    Path words = Files.createDirectories(dir.resolve("dictionary/sub"));
    Files.writeString(words.resolve("words.txt"), "w");
    Configuration conf = new Configuration();
    CachedFiles.register(conf, new CachedFile("model", model.toString(), false));
    CachedFiles.register(conf, new CachedFile("dict", dir.resolve("dictionary").toUri().toString(), true));
    Map<String, Path> uploads = CachedFileStaging.check(conf, hadoop);
    assertEquals(Map.of("weft-cache/model", model, "weft-cache/dict/sub/words.txt", words.resolve("words.txt")),
        uploads);
  }

  @Test
  void aMissingFileIsRefusedNamingTheRegistration(@TempDir Path dir) {
    Configuration conf = new Configuration();
    CachedFiles.register(conf, new CachedFile("model", dir.resolve("absent.bin").toString(), false));
    CliException e = assertThrows(CliException.class, () -> CachedFileStaging.check(conf, hadoop));
    assertTrue(e.getMessage().contains("registerCachedFile(\"" + dir.resolve("absent.bin") + "\", \"model\")")
        && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void anUnreadableFileIsRefused(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "s");
    if (!secret.toFile().setReadable(false) || Files.isReadable(secret)) {
      return; // running as a user who reads everything (root): nothing to check here
    }
    Configuration conf = new Configuration();
    CachedFiles.register(conf, new CachedFile("secret", secret.toString(), false));
    CliException e = assertThrows(CliException.class, () -> CachedFileStaging.check(conf, hadoop));
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
  }

  @Test
  void theRegistrationsRoundTripThroughTheConfiguration() {
    Configuration conf = new Configuration();
    CachedFiles.register(conf, new CachedFile("a", "hdfs://nn:8020/x;y,z.txt", false));
    CachedFiles.register(conf, new CachedFile("b", "/local/with space", true));
    assertEquals(List.of(new CachedFile("a", "hdfs://nn:8020/x;y,z.txt", false),
        new CachedFile("b", "/local/with space", true)), CachedFiles.of(conf));
    assertTrue(!CachedFiles.of(conf).get(0).isLocal() && CachedFiles.of(conf).get(1).isLocal());
  }
}
