package io.weft.core.cache;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A file or directory registered with {@code registerCachedFile}: the name tasks look it up by, the
 * path as the user gave it, and whether it must be executable. A path without a scheme (or
 * {@code file:}) is on the client's disk and is uploaded to the staging directory; any other scheme
 * ({@code hdfs://}) names a Hadoop FileSystem the NodeManagers read it from in place.
 */
public record CachedFile(String name, String path, boolean executable) {
  public CachedFile {
    if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("a cached file's name must be letters, digits, '.', '_' or '-' (it becomes a"
          + " file name in every TaskManager), got '" + name + "'");
    }
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("cached file '" + name + "' has no path");
    }
  }

  /** True when the path is on the client's own disk. */
  public boolean isLocal() {
    return scheme() == null || scheme().equals("file");
  }

  /** The path on the client's disk, for a local entry. */
  public java.nio.file.Path localPath() {
    if (scheme() == null) {
      return java.nio.file.Path.of(path).toAbsolutePath().normalize();
    }
    return java.nio.file.Path.of(URI.create(path)).toAbsolutePath().normalize();
  }

  private String scheme() {
    try {
      String scheme = new URI(path).getScheme();
      // "C:\..." would read as scheme "C"; Weft runs on Linux, but a one-letter scheme is no FileSystem.
      return scheme == null || scheme.length() == 1 ? null : scheme;
    } catch (URISyntaxException e) {
      return null; // not a URI (spaces, ...): a local path
    }
  }

  /** Where the file is in a YARN container's working directory, relative to it. */
  public String linkName() {
    return CachedFiles.DIRECTORY + "/" + name;
  }
}
