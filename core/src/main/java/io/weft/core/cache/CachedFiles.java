package io.weft.core.cache;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's cached files, kept in {@code pipeline.cached-files} (Flink's key) so that they travel
 * with the plan's configuration: entries {@code name:<n>,path:<p>,executable:<b>} separated by
 * {@code ;}, names and paths URL-encoded so that any path fits.
 */
public final class CachedFiles {
  /** The directory of a container's working directory the files are localized into. */
  public static final String DIRECTORY = "weft-cache";

  private CachedFiles() {}

  public static List<CachedFile> of(Configuration conf) {
    String value = conf.get(CoreOptions.CACHED_FILES);
    List<CachedFile> files = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return files;
    }
    for (String entry : value.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String name = null;
      String path = null;
      boolean executable = false;
      for (String field : entry.split(",")) {
        int colon = field.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException(CoreOptions.CACHED_FILES.key() + ": '" + field.trim()
              + "' is not key:value (expected name:<n>,path:<p>[,executable:true])");
        }
        String key = field.substring(0, colon).trim();
        String v = URLDecoder.decode(field.substring(colon + 1).trim(), StandardCharsets.UTF_8);
        switch (key) {
          case "name" -> name = v;
          case "path" -> path = v;
          case "executable" -> executable = Boolean.parseBoolean(v);
          default -> throw new IllegalArgumentException(CoreOptions.CACHED_FILES.key() + ": unknown field '" + key
              + "' (expected name, path, executable)");
        }
      }
      files.add(new CachedFile(name, path, executable));
    }
    return files;
  }

  /** Adds {@code file} to the job's configuration; a name used twice is refused. */
  public static void register(Configuration conf, CachedFile file) {
    List<CachedFile> files = of(conf);
    for (CachedFile f : files) {
      if (f.name().equals(file.name())) {
        throw new IllegalArgumentException("a cached file named '" + file.name() + "' is registered already (path "
            + f.path() + "); each name can be registered once");
      }
    }
    files.add(file);
    StringBuilder b = new StringBuilder();
    for (CachedFile f : files) {
      if (b.length() > 0) {
        b.append(';');
      }
      b.append("name:").append(encode(f.name())).append(",path:").append(encode(f.path()))
          .append(",executable:").append(f.executable());
    }
    conf.set(CoreOptions.CACHED_FILES, b.toString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
