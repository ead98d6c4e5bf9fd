package io.weft.appmaster;

import io.weft.appmaster.security.ContainerKerberos;
import io.weft.appmaster.rescale.RescaledParallelism;
import io.weft.appmaster.web.ActionSignature;
import io.weft.core.container.ContainerContract;
import io.weft.core.ha.JobManagerAddressFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * The files every Weft container gets (the same set the launcher gave the ApplicationMaster): the
 * staging directory's files under their relative names ({@code job.jar}, {@code weft-conf.yaml},
 * {@code log4j.properties}, {@code hadoop-conf/*}, and the shipped files: {@code <name>} for a
 * file, {@code <name>/<path>} for each file of a directory, which rebuilds its tree in the working
 * directory), APPLICATION-visible, and the lib directories with the visibility the launcher chose
 * (PUBLIC for Weft's shared jar cache): a runtime archive as the ARCHIVE {@code lib}, which YARN
 * unpacks, or else each jar as {@code lib/<name>}. Sizes and timestamps come from the FileSystem, as
 * YARN checks them. The files attempts of the ApplicationMaster write there (its address, the
 * rescaled parallelism, the used REST signatures) are not among them.
 */
public final class ContainerFiles {
  private ContainerFiles() {}

  public static Map<String, LocalResource> collect(FileSystem fs, Path stagingDir, String libDirs,
      LocalResourceVisibility libVisibility) throws IOException {
    Map<String, LocalResource> resources = new LinkedHashMap<>();
    addTree(fs, stagingDir, "", resources, LocalResourceVisibility.APPLICATION);
    if (libDirs != null) {
      List<Path> dirs = new ArrayList<>();
      for (String dir : libDirs.split(";")) {
        if (!dir.isBlank()) {
          dirs.add(new Path(dir.trim()));
        }
      }
      resources.putAll(libResources(fs, dirs, libVisibility));
    }
    return resources;
  }

  /**
   * The containers' {@code lib/}: {@value ContainerContract#RUNTIME_ARCHIVE} of a directory as the
   * ARCHIVE {@code lib}, else every jar of the directories as {@code lib/<name>}. Both at once
   * cannot be: the archive's unpacked directory is {@code lib} itself.
   */
  public static Map<String, LocalResource> libResources(FileSystem fs, List<Path> dirs,
      LocalResourceVisibility visibility) throws IOException {
    Map<String, LocalResource> resources = new LinkedHashMap<>();
    FileStatus archive = null;
    for (Path dir : dirs) {
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (!f.isFile()) {
          continue;
        }
        if (name.equals(ContainerContract.RUNTIME_ARCHIVE)) {
          if (archive != null) {
            throw new IOException("the lib directories " + dirs + " hold two " + ContainerContract.RUNTIME_ARCHIVE
                + ": " + archive.getPath() + " and " + f.getPath());
          }
          archive = f;
        } else if (name.endsWith(".jar")) {
          resources.put(ContainerContract.LIB_DIR + "/" + name, resource(f, visibility));
        }
      }
    }
    if (archive == null) {
      return resources;
    }
    if (!resources.isEmpty()) {
      throw new IOException("the lib directories " + dirs + " hold " + archive.getPath() + " and other jars: "
          + "give either one " + ContainerContract.RUNTIME_ARCHIVE + " or jar files");
    }
    return Map.of(ContainerContract.LIB_DIR, LocalResource.newInstance(URL.fromPath(archive.getPath()),
        LocalResourceType.ARCHIVE, visibility, archive.getLen(), archive.getModificationTime()));
  }

  private static void addTree(FileSystem fs, Path dir, String prefix, Map<String, LocalResource> into,
      LocalResourceVisibility visibility) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      String name = prefix + f.getPath().getName();
      if (prefix.isEmpty() && (JobManagerAddressFile.isRuntimeFile(name) || RescaledParallelism.isRuntimeFile(name)
          || name.equals(ActionSignature.USED_DIRECTORY) || name.equals(ContainerContract.SECRET_FILE)
          || name.equals(ContainerKerberos.KEYTAB_FILE) || name.equals(ContainerContract.TLS_REST_KEYSTORE_FILE))) {
        // The first three change while attempts run (YARN would refuse to localize them); the secret
        // reaches containers in their tokens, never as a file; the keytab and the web server's
        // keystore are the ApplicationMaster's alone (internal TLS's keystores go to every container).
        continue;
      }
      if (f.isDirectory()) {
        addTree(fs, f.getPath(), name + "/", into, visibility);
      } else {
        into.put(name, resource(f, visibility));
      }
    }
  }

  public static LocalResource resource(FileStatus f, LocalResourceVisibility visibility) {
    return LocalResource.newInstance(URL.fromPath(f.getPath()), LocalResourceType.FILE, visibility,
        f.getLen(), f.getModificationTime());
  }
}
