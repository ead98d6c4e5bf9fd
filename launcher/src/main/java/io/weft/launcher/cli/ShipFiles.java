package io.weft.launcher.cli;

import io.weft.appmaster.ApplicationMasterMain;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files and directories shipped to every YARN container ({@code -yt}, {@code yarn.ship-files}).
 * Each lands in the container's working directory under its base name; a directory keeps its
 * tree (empty directories are not shipped: YARN localizes files). They are checked here, before
 * anything is submitted, so that a missing or unreadable file is reported with the flag or key
 * that named it instead of failing the upload halfway through staging.
 */
public final class ShipFiles {
  /** Deeper trees are taken for a symbolic link that loops. */
  private static final int MAX_DEPTH = 64;

  private ShipFiles() {}

  /** The paths of a {@code yarn.ship-files} value (separated by ';'), absolute; empty for null. */
  public static List<Path> parse(String value) {
    List<Path> paths = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(";")) {
        if (!part.isBlank()) {
          paths.add(Paths.get(part.trim()).toAbsolutePath().normalize());
        }
      }
    }
    return paths;
  }

  /**
   * Checks that every path can be shipped: it exists, everything in it can be read, and its name
   * neither repeats another's nor replaces one of Weft's own files in the containers.
   *
   * @param values the paths as the user wrote them
   * @param source where they were written, for the message: {@code -yt}, {@code -yD yarn.ship-files}, ...
   */
  public static void check(List<String> values, String source) {
    Map<String, String> byName = new HashMap<>();
    for (String written : values) {
      if (written.isBlank()) {
        continue;
      }
      String value = written.trim();
      Path path = Paths.get(value).toAbsolutePath().normalize();
      if (!Files.exists(path)) {
        throw new CliException(source + ": '" + value + "' does not exist; ship an existing file or directory");
      }
      if (path.getFileName() == null) {
        throw new CliException(source + ": '" + value + "' is the root directory; ship a file or directory below it");
      }
      String name = path.getFileName().toString();
      if (ApplicationMasterMain.STAGED_NAMES.contains(name)) {
        throw new CliException(source + ": '" + value + "' would replace Weft's own '" + name
            + "' in the containers' working directory; rename it");
      }
      String other = byName.put(name, value);
      if (other != null) {
        throw new CliException(source + ": '" + other + "' and '" + value + "' would both be '" + name
            + "' in the containers' working directory; rename one of them");
      }
      files(path, value, source);
    }
  }

  /** {@link #check} for the paths of a {@code yarn.ship-files} value. */
  public static void checkValue(String value, String source) {
    check(value == null ? List.of() : List.of(value.split(";")), source);
  }

  /**
   * The files to upload for one shipped path, by their name in the container's working directory
   * ({@code data.txt}, or {@code dir/sub/file} for a file of a shipped directory), in a stable order.
   */
  public static Map<String, Path> files(Path path) {
    return files(path, path.toString(), "yarn.ship-files");
  }

  /**
   * The names the shipped paths put on the containers' classpath, in order: directories and jars,
   * as Flink does. Plain files need no entry: the working directory is on the classpath already.
   */
  public static List<String> classpath(List<Path> paths) {
    List<String> entries = new ArrayList<>();
    for (Path p : paths) {
      String name = p.getFileName().toString();
      if (Files.isDirectory(p) || name.endsWith(".jar")) {
        entries.add(name);
      }
    }
    return entries;
  }

  /** {@link #files(Path)}; errors name {@code value} as the user wrote it and {@code source}. */
  public static Map<String, Path> files(Path path, String value, String source) {
    Map<String, Path> files = new LinkedHashMap<>();
    new Walk(value, source, files).add(path, path.getFileName().toString(), true);
    return files;
  }

  /** Walks one shipped path; errors name the value the user wrote and, below it, the file at fault. */
  private record Walk(String value, String source, Map<String, Path> into) {
    void add(Path path, String name, boolean top) {
      String what = top ? "'" + value + "' " : "'" + value + "' holds '" + path + "', which ";
      // Hadoop's Path reads a ':' as the end of a URI scheme: the cluster's FileSystem cannot store such a name.
      if (path.getFileName().toString().contains(":")) {
        throw new CliException(source + ": " + what + "has a ':' in its name, which the cluster's FileSystem cannot"
            + " store; rename it");
      }
      if (!Files.isReadable(path)) {
        throw new CliException(source + ": " + what + "cannot be read; check its permissions");
      }
      if (Files.isRegularFile(path)) {
        into.put(name, path);
      } else if (Files.isDirectory(path)) {
        if (name.chars().filter(c -> c == '/').count() > MAX_DEPTH) {
          throw new CliException(source + ": " + what + "is nested more than " + MAX_DEPTH
              + " directories deep; does a symbolic link point back up the tree?");
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
          entries.forEach(children::add);
        } catch (IOException e) {
          throw new CliException(source + ": " + what + "cannot be listed: " + e);
        }
        children.sort(null);
        for (Path child : children) {
          add(child, name + "/" + child.getFileName(), false);
        }
      } else {
        throw new CliException(source + ": " + what + "is neither a file nor a directory");
      }
    }
  }
}
