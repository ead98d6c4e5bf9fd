package io.weft.worker.cache;

import io.weft.api.cache.DistributedCache;
import io.weft.core.cache.CachedFile;
import io.weft.core.cache.CachedFiles;
import io.weft.core.config.Configuration;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's cached files are for its tasks. In a YARN container the NodeManager localized them
 * into {@code weft-cache/<name>} of the working directory (once per container, through its own
 * cache); {@code -m local} copies them into a directory of its own per job ({@link #materialize}),
 * which this class knows by job id.
 */
public final class LocalizedFiles {
  private static final Logger LOG = LoggerFactory.getLogger(LocalizedFiles.class);
  /** The base directory of each local job with cached files; a YARN container uses its working directory. */
  private static final Map<String, Path> LOCAL_JOBS = new ConcurrentHashMap<>();

  private LocalizedFiles() {}

  /** The cache a function of job {@code jobId} sees. */
  public static DistributedCache forJob(String jobId, Configuration conf) {
    Path base = LOCAL_JOBS.getOrDefault(jobId, Path.of("").toAbsolutePath());
    Map<String, File> files = new LinkedHashMap<>();
    for (CachedFile f : CachedFiles.of(conf)) {
      files.put(f.name(), base.resolve(f.linkName()).toFile());
    }
    return new DistributedCache(files);
  }

  /**
   * Copies the job's cached files into a fresh directory for a job running in this JVM, the way
   * YARN localizes them; the returned handle deletes it. A missing or unreadable file fails here,
   * naming it, before any task starts.
   */
  public static AutoCloseable materialize(String jobId, Configuration conf) throws IOException {
    List<CachedFile> files = CachedFiles.of(conf);
    if (files.isEmpty()) {
      return () -> {};
    }
    Path base = Files.createTempDirectory("weft-cache-" + jobId);
    try {
      for (CachedFile f : files) {
        Path target = base.resolve(f.linkName());
        Files.createDirectories(target.getParent());
        copy(f, target);
        if (f.executable()) {
          setExecutable(target);
        }
      }
    } catch (IOException | RuntimeException e) {
      delete(base);
      throw e;
    }
    LOG.info("Job {}: {} cached file(s) copied to {}", jobId, files.size(), base);
    LOCAL_JOBS.put(jobId, base);
    return () -> {
      LOCAL_JOBS.remove(jobId);
      delete(base);
    };
  }

  private static void copy(CachedFile f, Path target) throws IOException {
    org.apache.hadoop.fs.Path source = f.isLocal()
        ? new org.apache.hadoop.fs.Path(f.localPath().toUri())
        : new org.apache.hadoop.fs.Path(f.path());
    org.apache.hadoop.fs.FileSystem fs = source.getFileSystem(new org.apache.hadoop.conf.Configuration());
    if (!fs.exists(source)) {
      throw new IllegalArgumentException("cached file '" + f.name() + "': " + f.path() + " does not exist");
    }
    try {
      // The raw local FileSystem: no .crc files next to the copy.
      fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(target.toUri()), true);
    } catch (IOException e) {
      throw new IOException("cached file '" + f.name() + "': cannot read " + f.path() + ": " + e.getMessage(), e);
    }
  }

  private static void setExecutable(Path target) throws IOException {
    try (var paths = Files.walk(target)) {
      paths.filter(Files::isRegularFile).forEach(p -> p.toFile().setExecutable(true));
    }
  }

  private static void delete(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("Could not delete the cached files in {}: {}", dir, new UncheckedIOException(e).getMessage());
    }
  }
}
