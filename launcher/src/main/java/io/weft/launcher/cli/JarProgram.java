package io.weft.launcher.cli;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * A user's jar with its entry point found and checked: the class is in the jar and has a
 * {@code public static void main(String[])}. Loading it runs none of the user's code.
 */
public final class JarProgram implements AutoCloseable {
  private final Path jar;
  private final URLClassLoader classLoader;
  private final String mainClassName;
  private final Method main;

  private JarProgram(Path jar, URLClassLoader classLoader, String mainClassName, Method main) {
    this.jar = jar;
    this.classLoader = classLoader;
    this.mainClassName = mainClassName;
    this.main = main;
  }

  /**
   * Opens {@code jar} and finds its entry point: {@code mainClass} (from -c) or else the
   * manifest's Main-Class.
   */
  public static JarProgram open(Path jar, String mainClass) {
    if (!Files.exists(jar)) {
      throw new CliException("The jar '" + jar + "' does not exist");
    }
    if (Files.isDirectory(jar)) {
      throw new CliException("'" + jar + "' is a directory; weft run needs a jar file");
    }
    if (!Files.isReadable(jar)) {
      throw new CliException("The jar '" + jar + "' cannot be read; check its permissions");
    }
    String className;
    String origin;
    try (JarFile file = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, JarFile.runtimeVersion())) {
      if (mainClass != null) {
        className = mainClass.trim();
        origin = "-c: class '" + className + "'";
      } else {
        Manifest manifest = file.getManifest();
        String fromManifest = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        if (fromManifest == null || fromManifest.isBlank()) {
          throw new CliException("The jar '" + jar + "' has no Main-Class in its manifest; name the class to run with -c <class>");
        }
        className = fromManifest.trim();
        origin = "Main-Class '" + className + "' from the manifest";
      }
      if (file.getJarEntry(className.replace('.', '/') + ".class") == null) {
        throw new CliException(origin + " is not in the jar '" + jar + "'; check the name, including its package"
            + (mainClass == null ? ", or name another class with -c <class>" : ""));
      }
    } catch (IOException e) {
      throw new CliException("'" + jar + "' is not a jar file: " + e.getMessage());
    }

    URLClassLoader loader = new URLClassLoader("weft-user-code", new URL[] {url(jar)}, JarProgram.class.getClassLoader());
    try {
      Method main = findMain(loader, className, origin);
      return new JarProgram(jar, loader, className, main);
    } catch (RuntimeException | Error e) {
      closeQuietly(loader);
      throw e;
    }
  }

  private static Method findMain(ClassLoader loader, String className, String origin) {
    Class<?> cls;
    try {
      // Not initialized: a static initializer is the user's code and must not run before all checks pass.
      cls = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new CliException(origin + " cannot be loaded: " + e);
    }
    Method main;
    try {
      main = cls.getMethod("main", String[].class);
    } catch (NoSuchMethodException e) {
      main = null;
    } catch (LinkageError e) {
      throw new CliException(origin + " cannot be loaded: " + e);
    }
    if (main == null || !Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
      throw new CliException(origin + " has no public static void main(String[] args)");
    }
    if (!Modifier.isPublic(cls.getModifiers())) {
      throw new CliException(origin + " is not public; its main() cannot be called");
    }
    return main;
  }

  private static URL url(Path jar) {
    try {
      return jar.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new CliException("Cannot use the jar path '" + jar + "': " + e.getMessage());
    }
  }

  public Path jar() {
    return jar;
  }

  public String mainClassName() {
    return mainClassName;
  }

  /** Loads the program's classes; its parent is the launcher's class loader. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /**
   * Calls main(). Whatever the program throws comes out unwrapped, including errors raised while
   * its class is initialized.
   */
  public void invokeMain(String[] args) throws Throwable {
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (IllegalAccessException e) {
      throw new CliException("Cannot call " + mainClassName + ".main(): " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closeQuietly(classLoader);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // Only open jar handles are lost; nothing the user can act on.
    }
  }
}
