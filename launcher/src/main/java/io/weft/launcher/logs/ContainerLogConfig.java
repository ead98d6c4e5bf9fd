package io.weft.launcher.logs;

import io.weft.appmaster.logs.LogOptions;
import io.weft.core.config.Configuration;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log4j configuration shipped with an application as its containers' {@code log4j.properties}:
 * {@code yarn.log-config-file} when set, else {@code log4j-container.properties} of the
 * configuration directory ({@code $WEFT_CONF_DIR}, else the installation's {@code conf/}), else a
 * built-in one that rolls the same way (a jar run without an installation).
 */
public final class ContainerLogConfig {
  public static final String DEFAULT_FILE = "log4j-container.properties";

  static final String BUILT_IN = String.join("\n",
      "log4j.rootLogger=INFO, file",
      "log4j.appender.file=org.apache.log4j.RollingFileAppender",
      "log4j.appender.file.File=${weft.log.file}",
      "log4j.appender.file.Append=true",
      "log4j.appender.file.MaxFileSize=100MB",
      "log4j.appender.file.MaxBackupIndex=10",
      "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
      "log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n",
      "log4j.logger.io.weft=INFO",
      "log4j.logger.org.apache.hadoop=WARN",
      "log4j.logger.io.netty=WARN",
      "");

  private ContainerLogConfig() {}

  public static byte[] read(Configuration conf, CliEnvironment environment) {
    String explicit = conf.get(LogOptions.LOG_CONFIG_FILE);
    Path file = explicit != null ? Path.of(explicit) : defaultFile(environment);
    if (file == null) {
      return BUILT_IN.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException((explicit != null ? LogOptions.LOG_CONFIG_FILE.key() + " " : "The containers' log"
          + " configuration ") + file + " cannot be read (" + e + "); it is the log4j.properties every container"
          + " of the job logs with");
    }
  }

  private static Path defaultFile(CliEnvironment environment) {
    String confDir = environment.env("WEFT_CONF_DIR");
    Path dir = confDir != null ? Path.of(confDir) : environment.root() != null ? environment.root().resolve("conf") : null;
    Path file = dir == null ? null : dir.resolve(DEFAULT_FILE);
    return file != null && Files.isRegularFile(file) ? file : null;
  }
}
