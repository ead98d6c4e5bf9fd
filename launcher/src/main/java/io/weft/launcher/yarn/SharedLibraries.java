package io.weft.launcher.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weft's jars on the cluster, uploaded once and shared by every submission:
 * {@code <home>/.weft/lib/<sha256>/}, where the digest covers every jar's name, size and
 * modification time (a rebuilt jar gets a new directory). The upload goes to a temporary
 * directory that is then renamed, so a concurrent or interrupted upload never leaves a partial
 * directory under the final name. The jars are world-readable and registered with PUBLIC
 * visibility (YARN's public cache: localized once per node), provided every ancestor directory is
 * world-executable, which YARN checks; otherwise APPLICATION visibility.
 */
public final class SharedLibraries {
  private static final Logger LOG = LoggerFactory.getLogger(SharedLibraries.class);
  private static final int UPLOAD_THREADS = 8;

  /** Directories holding the jars, and the visibility to give them. */
  public record Location(List<Path> dirs, LocalResourceVisibility visibility) {}

  private SharedLibraries() {}

  /** Uploads the jars unless a directory with the same digest exists. */
  public static Location upload(FileSystem fs, List<java.nio.file.Path> jars) throws IOException {
    Path base = fs.makeQualified(new Path(fs.getHomeDirectory(), ".weft/lib"));
    Path dir = new Path(base, digest(jars));
    if (!fs.exists(dir)) {
      long start = System.nanoTime();
      Path tmp = new Path(base, ".tmp-" + UUID.randomUUID());
      fs.mkdirs(tmp, new FsPermission((short) 0755));
      fs.setPermission(base, new FsPermission((short) 0755));
      fs.setPermission(base.getParent(), new FsPermission((short) 0755));
      // In parallel: closing an HDFS file waits for the DataNode's block report (~0.4 s a file).
      ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS);
      try {
        List<Future<?>> uploads = new ArrayList<>();
        for (java.nio.file.Path jar : jars) {
          uploads.add(pool.submit(() -> {
            Path target = new Path(tmp, jar.getFileName().toString());
            try (InputStream in = Files.newInputStream(jar); FSDataOutputStream out = fs.create(target, true)) {
              in.transferTo(out);
            }
            fs.setPermission(target, new FsPermission((short) 0644));
            return null;
          }));
        }
        for (Future<?> f : uploads) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while uploading Weft's jars", e);
      } catch (ExecutionException e) {
        fs.delete(tmp, true);
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
      fs.setPermission(tmp, new FsPermission((short) 0755));
      if (!fs.rename(tmp, dir)) {
        // Another submission finished the same upload first.
        fs.delete(tmp, true);
      } else {
        LOG.info("Uploaded {} Weft jars to {} in {} ms", jars.size(), dir, (System.nanoTime() - start) / 1_000_000);
      }
    } else {
      LOG.info("Reusing Weft's jars in {}", dir);
    }
    return new Location(List.of(dir), isPublic(fs, dir) ? LocalResourceVisibility.PUBLIC
        : LocalResourceVisibility.APPLICATION);
  }

  /** Directories the user provided (yarn.provided.lib.dirs), separated by ';'. */
  public static Location provided(FileSystem fs, String dirs) throws IOException {
    List<Path> paths = new java.util.ArrayList<>();
    boolean allPublic = true;
    for (String d : dirs.split(";")) {
      if (d.isBlank()) {
        continue;
      }
      Path p = fs.makeQualified(new Path(d.trim()));
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new IOException("yarn.provided.lib.dirs: " + p + " is not a directory");
      }
      paths.add(p);
      allPublic &= isPublic(fs, p);
    }
    return new Location(paths, allPublic ? LocalResourceVisibility.PUBLIC : LocalResourceVisibility.APPLICATION);
  }

  /** What YARN requires of a PUBLIC resource: world-readable files, world-executable ancestors. */
  static boolean isPublic(FileSystem fs, Path dir) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isFile() && !f.getPermission().getOtherAction().implies(FsAction.READ)) {
        return false;
      }
    }
    for (Path p = dir; p != null; p = p.getParent()) {
      if (!fs.getFileStatus(p).getPermission().getOtherAction().implies(FsAction.EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  static String digest(List<java.nio.file.Path> jars) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (java.nio.file.Path jar : jars) {
        String line = jar.getFileName() + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis() + "\n";
        sha.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
