package io.weft.appmaster.cache;

import io.weft.appmaster.ContainerFiles;
import io.weft.core.cache.CachedFile;
import io.weft.core.cache.CachedFiles;
import io.weft.core.config.Configuration;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManagers' LocalResources for cached files registered on a Hadoop FileSystem (hdfs://...):
 * referenced in place as {@code weft-cache/<name>} (a directory file by file), so each NodeManager
 * downloads them into its own cache once and links them into every container. Cached files from the
 * client's disk are in the staging directory already and come with its files ({@link ContainerFiles}).
 */
public final class CachedFileResources {
  private static final Logger LOG = LoggerFactory.getLogger(CachedFileResources.class);

  private CachedFileResources() {}

  public static Map<String, LocalResource> remote(Configuration conf, org.apache.hadoop.conf.Configuration hadoop)
      throws IOException {
    Map<String, LocalResource> resources = new LinkedHashMap<>();
    for (CachedFile f : CachedFiles.of(conf)) {
      if (f.isLocal()) {
        continue;
      }
      int before = resources.size();
      Path path = new Path(f.path());
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus status = fs.getFileStatus(path);
      if (status.isFile()) {
        resources.put(f.linkName(), ContainerFiles.resource(status, LocalResourceVisibility.APPLICATION));
        LOG.info("Cached file '{}': {} is localized in place for the TaskManagers", f.name(), status.getPath());
        continue;
      }
      String root = status.getPath().toUri().getPath();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(status.getPath(), true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String relative = file.getPath().toUri().getPath().substring(root.length());
        resources.put(f.linkName() + relative, ContainerFiles.resource(file, LocalResourceVisibility.APPLICATION));
      }
      LOG.info("Cached directory '{}': {} file(s) of {} are localized in place for the TaskManagers", f.name(),
          resources.size() - before, status.getPath());
    }
    return resources;
  }
}
