package io.weft.launcher;

import io.weft.launcher.testjob.TinyJob;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Packs the already compiled classes of io.weft.launcher.testjob into a jar, as a user's build would. */
final class TestJars {
  private TestJars() {}

  /** A jar with the test job classes; {@code mainClass} null leaves Main-Class out of the manifest. */
  static Path jobJar(Path dir, String mainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    Path classes = testClassesRoot();
    Path packageDir = classes.resolve("io/weft/launcher/testjob");
    List<Path> files;
    try (Stream<Path> s = Files.list(packageDir)) {
      files = s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    Path jar = dir.resolve("job-" + System.nanoTime() + ".jar");
    try (OutputStream fileOut = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(fileOut, manifest)) {
      for (Path file : files) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path testClassesRoot() {
    try {
      return Paths.get(TinyJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
