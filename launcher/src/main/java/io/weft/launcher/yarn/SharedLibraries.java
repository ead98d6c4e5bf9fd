package io.weft.launcher.yarn;

import io.weft.core.container.ContainerContract;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * {@code <home>/.weft/lib/<sha256>/weft-runtime.zip}, one zip archive of the jars (stored, not
 * compressed: jars are compressed already), where the digest covers every jar's name, size and
 * modification time (a rebuilt jar gets a new directory). One file rather than a hundred because
 * each HDFS file costs its own create, close and NameNode round trips to upload, and its own
 * download to localize; YARN unpacks the archive into the containers' {@code lib/}. The upload goes
 * to a temporary directory that is then renamed, so a concurrent or interrupted upload never leaves
 * a partial directory under the final name. The archive is world-readable and registered with
 * PUBLIC visibility (YARN's public cache: localized once per node), provided every ancestor
 * directory is world-executable, which YARN checks; otherwise APPLICATION visibility.
 */
public final class SharedLibraries {
  private static final Logger LOG = LoggerFactory.getLogger(SharedLibraries.class);
  /** Part of the digest: directories of the earlier layout (loose jars) are never taken for archives. */
  private static final String LAYOUT = "archive-1\n";

  /** Directories holding the jars, and the visibility to give them. */
  public record Location(List<Path> dirs, LocalResourceVisibility visibility) {}

  private SharedLibraries() {}

  /** Uploads the jars as one archive unless a directory with the same digest exists. */
  public static Location upload(FileSystem fs, List<java.nio.file.Path> jars) throws IOException {
    Path base = fs.makeQualified(new Path(fs.getHomeDirectory(), ".weft/lib"));
    Path dir = new Path(base, digest(jars));
    if (!fs.exists(dir)) {
      long start = System.nanoTime();
      Path tmp = new Path(base, ".tmp-" + UUID.randomUUID());
      fs.mkdirs(tmp, new FsPermission((short) 0755));
      fs.setPermission(base, new FsPermission((short) 0755));
      fs.setPermission(base.getParent(), new FsPermission((short) 0755));
      Path archive = new Path(tmp, ContainerContract.RUNTIME_ARCHIVE);
      long bytes;
      try (FSDataOutputStream out = fs.create(archive, true)) {
        writeArchive(jars, out);
        bytes = out.getPos();
      } catch (IOException | RuntimeException e) {
        fs.delete(tmp, true);
        throw e;
      }
      fs.setPermission(archive, new FsPermission((short) 0644));
      fs.setPermission(tmp, new FsPermission((short) 0755));
      if (!fs.rename(tmp, dir)) {
        // Another submission finished the same upload first.
        fs.delete(tmp, true);
      } else {
        LOG.info("Uploaded {} Weft jars as {} ({} bytes) to {} in {} ms", jars.size(), ContainerContract.RUNTIME_ARCHIVE,
            bytes, dir, (System.nanoTime() - start) / 1_000_000);
      }
    } else {
      LOG.info("Reusing Weft's jars in {}", dir);
    }
    return new Location(List.of(dir), isPublic(fs, dir) ? LocalResourceVisibility.PUBLIC
        : LocalResourceVisibility.APPLICATION);
  }

  /**
   * The jars as one zip, each under its file name at the root. Entries are DEFLATED at level 0
   * (stored blocks): no compression work and no CRC pass ahead of writing, which STORED would need.
   */
  static void writeArchive(List<java.nio.file.Path> jars, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.setLevel(Deflater.NO_COMPRESSION);
    for (java.nio.file.Path jar : jars) {
      ZipEntry entry = new ZipEntry(jar.getFileName().toString());
      entry.setTime(Files.getLastModifiedTime(jar).toMillis());
      zip.putNextEntry(entry);
      Files.copy(jar, zip);
      zip.closeEntry();
    }
    zip.finish(); // not close(): the caller closes its stream
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
      sha.update(LAYOUT.getBytes(StandardCharsets.UTF_8));
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
