package io.weft.it.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds a user's fat job jar: class directories (or a package of one) and whole jars, first entry wins. */
public final class JobJar implements AutoCloseable {
  private final JarOutputStream out;
  private final Set<String> names = new HashSet<>();

  public JobJar(Path jar) throws IOException {
    out = new JarOutputStream(Files.newOutputStream(jar));
  }

  /** The files under {@code classes} whose relative path starts with {@code prefix}. */
  public JobJar addClasses(Path classes, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = classes.relativize(f).toString().replace('\\', '/');
        if (name.startsWith(prefix) && names.add(name)) {
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }
    return this;
  }

  /** Every entry of {@code jar} but its META-INF (signatures and manifests of others do not carry over). */
  public JobJar addJar(Path jar) throws IOException {
    try (JarFile in = new JarFile(jar.toFile())) {
      for (JarEntry e : java.util.Collections.list(in.entries())) {
        if (!e.isDirectory() && !e.getName().startsWith("META-INF/") && names.add(e.getName())) {
          out.putNextEntry(new JarEntry(e.getName()));
          try (InputStream data = in.getInputStream(e)) {
            data.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return this;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
