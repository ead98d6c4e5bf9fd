package io.weft.launcher.yarn;

import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.permission.FsPermission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications' staging directories, {@code <home>/.weft/<applicationId>/} on the cluster's
 * default FileSystem, next to the shared jar cache {@code <home>/.weft/lib/}, which is never touched
 * here.
 *
 * <p>The ApplicationMaster deletes its directory when the job ends and when it is killed on the
 * last attempt, but a process that gets SIGKILL, or is killed on an earlier attempt, cannot. The
 * {@linkplain #sweep sweep} removes what is left: directories of applications that the
 * ResourceManager reports ended (FINISHED, FAILED, KILLED), or no longer knows (it forgot them
 * after {@code yarn.resourcemanager.max-completed-applications}, or it restarted without
 * recovery). An unknown application's directory is kept for {@link #UNKNOWN_GRACE_MILLIS} after
 * its last change, because the ResourceManager does not know an application either between its
 * creation and its submission, while a {@code weft run} elsewhere is still uploading its files.
 */
public final class StagingDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(StagingDirectories.class);
  private static final EnumSet<YarnApplicationState> ENDED =
      EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);
  /** How long a directory of an application unknown to the ResourceManager is left alone. */
  public static final long UNKNOWN_GRACE_MILLIS = 60 * 60 * 1000L;
  /** The application's secret, in its staging directory; see {@link #writeSecret}. */
  public static final String SECRET_FILE = ContainerContract.SECRET_FILE;

  private StagingDirectories() {}

  /** {@code <home>/.weft}, qualified. */
  public static Path base(FileSystem fs) {
    return fs.makeQualified(new Path(fs.getHomeDirectory(), ".weft"));
  }

  /** The staging directory of an application. */
  public static Path of(FileSystem fs, ApplicationId id) {
    return new Path(base(fs), id.toString());
  }

  /**
   * Keeps the application's secret in its staging directory, readable by its owner only (the
   * directory is 0700 too), so that later commands of the same user (savepoint, stop) can
   * authenticate to the ApplicationMaster. It goes with the directory when the application ends.
   */
  public static void writeSecret(FileSystem fs, Path staging, RpcSecret secret) throws IOException {
    Path file = new Path(staging, SECRET_FILE);
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0600), true,
        fs.getConf().getInt("io.file.buffer.size", 4096), fs.getDefaultReplication(file), fs.getDefaultBlockSize(file),
        null)) {
      out.write(secret.toBase64().getBytes(StandardCharsets.US_ASCII));
    }
    fs.setPermission(file, new FsPermission((short) 0600)); // create() applies the umask
  }

  /** The secret of a running application, as {@link #writeSecret} kept it. */
  public static RpcSecret readSecret(FileSystem fs, ApplicationId id) throws IOException {
    Path file = new Path(of(fs, id), SECRET_FILE);
    try (FSDataInputStream in = fs.open(file)) {
      return RpcSecret.fromBase64(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("no secret of " + id + " at " + file + ": was it submitted by weft run as "
          + "this user, and is it still running?");
    }
  }

  /** Deletes the staging directory of an application, if there is one; a failure is logged. */
  public static void delete(FileSystem fs, ApplicationId id) {
    Path dir = of(fs, id);
    try {
      if (fs.delete(dir, true)) {
        LOG.info("Deleted the staging directory {}", dir);
      }
    } catch (IOException e) {
      LOG.warn("Cannot delete the staging directory {}: {}", dir, e.toString());
    }
  }

  /**
   * Deletes the staging directories of ended and forgotten applications, one log line each, and
   * returns them. Best effort: a failure is logged and ends the sweep, never the command.
   */
  public static List<Path> sweep(FileSystem fs, YarnClient yarn) {
    List<Path> deleted = new ArrayList<>();
    FileStatus[] entries;
    try {
      entries = fs.listStatus(base(fs));
    } catch (FileNotFoundException e) {
      return deleted;
    } catch (IOException e) {
      LOG.warn("Cannot list the staging directories in {}: {}", base(fs), e.toString());
      return deleted;
    }
    long now = System.currentTimeMillis();
    for (FileStatus entry : entries) {
      ApplicationId id = applicationId(entry);
      if (id == null) {
        continue; // lib/ (the shared jars) and anything else that is not an application's
      }
      try {
        String reason = reasonToDelete(yarn, id, now - entry.getModificationTime());
        if (reason != null && fs.delete(entry.getPath(), true)) {
          LOG.info("Deleted the staging directory {} of application {} ({})", entry.getPath(), id, reason);
          deleted.add(entry.getPath());
        }
      } catch (Exception e) {
        LOG.warn("Cannot sweep the staging directory {}: {}", entry.getPath(), e.toString());
        break;
      }
    }
    return deleted;
  }

  /** Why the directory can go ("KILLED", "unknown to the ResourceManager"), or null when it must stay. */
  private static String reasonToDelete(YarnClient yarn, ApplicationId id, long ageMillis) throws Exception {
    try {
      YarnApplicationState state = yarn.getApplicationReport(id).getYarnApplicationState();
      return ENDED.contains(state) ? state.toString() : null;
    } catch (ApplicationNotFoundException e) {
      return ageMillis > UNKNOWN_GRACE_MILLIS ? "unknown to the ResourceManager" : null;
    }
  }

  private static ApplicationId applicationId(FileStatus entry) {
    if (!entry.isDirectory() || !entry.getPath().getName().startsWith("application_")) {
      return null;
    }
    try {
      return ApplicationId.fromString(entry.getPath().getName());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
