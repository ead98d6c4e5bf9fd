package io.weft.api.cache;

import java.io.File;
import java.util.Map;
import java.util.TreeSet;

/**
 * The files the job registered with {@code registerCachedFile}, as this TaskManager holds them
 * (localized once per TaskManager by YARN, or copied once per job by {@code -m local}). Read them;
 * they are shared by every task of the TaskManager.
 */
public final class DistributedCache {
  private final Map<String, File> files;

  public DistributedCache(Map<String, File> files) {
    this.files = Map.copyOf(files);
  }

  /** The local file (or directory) registered under {@code name}. */
  public File getFile(String name) {
    File f = files.get(name);
    if (f == null) {
      throw new IllegalArgumentException("File with name '" + name + "' is not available. Did you forget to register"
          + " the file? Registered: " + new TreeSet<>(files.keySet()));
    }
    return f;
  }
}
