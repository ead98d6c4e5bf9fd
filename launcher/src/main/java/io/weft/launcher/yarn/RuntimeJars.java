package io.weft.launcher.yarn;

import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weft's runtime jars for YARN containers: the runtime classpaths of appmaster and container-worker
 * (each module's build writes {@code target/runtime-classpath.txt}) plus the two module jars. The
 * launcher's own extras (commons-cli, hadoop-minicluster, ...) are not shipped.
 */
public final class RuntimeJars {
  private static final String[] MODULES = {"appmaster", "container-worker"};

  private RuntimeJars() {}

  /** The jars, at most one per file name (the first wins), found from the repository root. */
  public static List<Path> find(Path root) {
    if (root == null) {
      throw new CliException("Cannot find Weft's runtime jars to ship to YARN: the launcher was started without"
          + " -Dweft.root (scripts/weft sets it)");
    }
    Map<String, Path> byName = new LinkedHashMap<>();
    for (String module : MODULES) {
      Path target = root.resolve(module).resolve("target");
      Path classpathFile = target.resolve("runtime-classpath.txt");
      if (!Files.isRegularFile(classpathFile)) {
        throw new CliException("Cannot find " + classpathFile + "; build Weft first (mvn -DskipTests package)");
      }
      byName.putIfAbsent(moduleJar(target, module).getFileName().toString(), moduleJar(target, module));
      try {
        for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
          if (entry.isBlank()) {
            continue;
          }
          Path jar = Path.of(entry.trim());
          if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
            throw new CliException(classpathFile + " names '" + entry + "', which is not a jar file; rebuild Weft"
                + " with mvn -DskipTests package");
          }
          byName.putIfAbsent(jar.getFileName().toString(), jar);
        }
      } catch (IOException e) {
        throw new CliException("Cannot read " + classpathFile + ": " + e.getMessage());
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static Path moduleJar(Path target, String module) {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "weft-" + module + "-*.jar")) {
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        if (!name.endsWith("-tests.jar") && !name.endsWith("-sources.jar")) {
          return jar;
        }
      }
    } catch (IOException e) {
      throw new CliException("Cannot list " + target + ": " + e.getMessage());
    }
    throw new CliException("Cannot find the jar of module " + module + " in " + target
        + "; build Weft first (mvn -DskipTests package)");
  }
}
