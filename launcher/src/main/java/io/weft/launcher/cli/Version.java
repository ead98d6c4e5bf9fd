package io.weft.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from weft-version.properties (filled in by Maven's resource filtering). */
public final class Version {
  private Version() {}

  public static String get() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/weft-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }
}
