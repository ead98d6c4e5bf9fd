package io.weft.launcher.cache;

import io.weft.core.cache.CachedFile;
import io.weft.core.cache.CachedFiles;
import io.weft.core.config.Configuration;
import io.weft.launcher.cli.CliException;
import io.weft.launcher.cli.ShipFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.AccessControlException;

/**
 * What {@code weft run} does with the job's cached files before it submits anything: every one must
 * exist and be readable (a local one on this machine, an hdfs:// one for this user), else the run is
 * refused naming it; local ones are then uploaded to the staging directory under
 * {@code weft-cache/<name>}, where the ApplicationMaster finds them for its TaskManagers. Remote ones
 * stay where they are: the ApplicationMaster references them in place.
 */
public final class CachedFileStaging {
  private CachedFileStaging() {}

  /**
   * Checks the plan's cached files; answers the local files to upload, by their name in the staging
   * directory ({@code weft-cache/<name>}, or {@code weft-cache/<name>/<path>} for a directory's files).
   */
  public static Map<String, Path> check(Configuration plan, org.apache.hadoop.conf.Configuration hadoop) {
    Map<String, Path> uploads = new LinkedHashMap<>();
    for (CachedFile f : CachedFiles.of(plan)) {
      String source = "registerCachedFile(\"" + f.path() + "\", \"" + f.name() + "\")";
      if (f.isLocal()) {
        Path local = f.localPath();
        if (!Files.exists(local)) {
          throw new CliException(source + ": " + local + " does not exist on this machine");
        }
        String base = local.getFileName().toString();
        ShipFiles.files(local, f.path(), source).forEach((name, file) ->
            uploads.put(f.linkName() + name.substring(base.length()), file));
      } else {
        checkRemote(f, source, hadoop);
      }
    }
    return uploads;
  }

  private static void checkRemote(CachedFile f, String source, org.apache.hadoop.conf.Configuration hadoop) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(f.path());
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(path);
      if (status.isFile()) {
        fs.access(path, FsAction.READ);
      } else {
        fs.access(path, FsAction.READ_EXECUTE);
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
        while (files.hasNext()) {
          LocatedFileStatus file = files.next();
          try {
            fs.access(file.getPath(), FsAction.READ);
          } catch (AccessControlException e) {
            throw new CliException(source + ": " + file.getPath() + " in it cannot be read by this user");
          }
        }
      }
    } catch (FileNotFoundException e) {
      throw new CliException(source + ": " + f.path() + " does not exist");
    } catch (AccessControlException e) {
      throw new CliException(source + ": " + f.path() + " cannot be read by this user");
    } catch (IOException e) {
      throw new CliException(source + ": cannot check " + f.path() + ": " + e.getMessage());
    }
  }
}
