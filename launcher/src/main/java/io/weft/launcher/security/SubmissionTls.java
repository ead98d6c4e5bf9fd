package io.weft.launcher.security;

import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.SecurityOptions;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keystores a submission stages for TLS ({@link TlsMaterial}): the configured ones, or a
 * per-application self-signed certificate generated here, which is the keystore and the truststore.
 * Each is written 0600 into the 0700 staging directory (like the secret and the keytab) and
 * localized with APPLICATION visibility, so only the application's user can read it on the nodes.
 */
public final class SubmissionTls {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionTls.class);

  private SubmissionTls() {}

  /** The stores to stage, by name; none when TLS is off. Checks the configuration first (clear errors). */
  public static Map<String, Callable<LocalResource>> stagedFiles(Configuration conf, FileSystem fs, Path staging,
      RpcSecret secret, String applicationId) throws IOException {
    Map<String, Callable<LocalResource>> files = new LinkedHashMap<>();
    TlsMaterial.checkClientConfiguration(conf);
    if (TlsMaterial.needsInternalStores(conf)) {
      byte[] keystore;
      byte[] truststore;
      if (TlsMaterial.generated(conf)) {
        keystore = generate(secret, applicationId);
        truststore = keystore;
        LOG.info("Generated a self-signed TLS certificate for {}", applicationId);
      } else {
        keystore = Files.readAllBytes(java.nio.file.Path.of(conf.get(SecurityOptions.SSL_INTERNAL_KEYSTORE)));
        truststore = Files.readAllBytes(java.nio.file.Path.of(conf.get(SecurityOptions.SSL_INTERNAL_TRUSTSTORE)));
      }
      files.put(ContainerContract.TLS_KEYSTORE_FILE,
          () -> write(fs, new Path(staging, ContainerContract.TLS_KEYSTORE_FILE), keystore));
      files.put(ContainerContract.TLS_TRUSTSTORE_FILE,
          () -> write(fs, new Path(staging, ContainerContract.TLS_TRUSTSTORE_FILE), truststore));
    }
    if (conf.get(SecurityOptions.SSL_REST_ENABLED) && conf.get(SecurityOptions.SSL_REST_KEYSTORE) != null) {
      byte[] rest = Files.readAllBytes(java.nio.file.Path.of(conf.get(SecurityOptions.SSL_REST_KEYSTORE)));
      files.put(ContainerContract.TLS_REST_KEYSTORE_FILE,
          () -> write(fs, new Path(staging, ContainerContract.TLS_REST_KEYSTORE_FILE), rest));
    }
    return files;
  }

  /**
   * What the attached run's progress lines trust over HTTPS ({@link TlsMaterial#restClient}, the
   * application's truststore read from the staging directory); null without HTTPS, and null with a
   * warning when it cannot be had: the progress lines are best effort, the job runs on either way.
   */
  public static TlsContext progressTrust(Configuration conf, RpcSecret secret, FileSystem fs, Path staging) {
    try {
      return TlsMaterial.restClient(conf, secret, name -> {
        try (org.apache.hadoop.fs.FSDataInputStream in = fs.open(new Path(staging, name))) {
          return in.readAllBytes();
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot set up HTTPS for the progress of {}: {}", staging.getName(), e.toString());
      return null;
    }
  }

  /** Generated in a private temporary directory, read, and the directory deleted at once. */
  private static byte[] generate(RpcSecret secret, String applicationId) throws IOException {
    java.nio.file.Path dir = Files.createTempDirectory("weft-tls",
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    try {
      java.nio.file.Path file = dir.resolve(ContainerContract.TLS_KEYSTORE_FILE);
      TlsMaterial.generate(file, secret, applicationId);
      return Files.readAllBytes(file);
    } finally {
      try (Stream<java.nio.file.Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static LocalResource write(FileSystem fs, Path target, byte[] bytes) throws IOException {
    // Created owner-only from the first byte, and set again so no umask can widen it.
    try (FSDataOutputStream out = fs.create(target, new FsPermission((short) 0600), true, 4096,
        fs.getDefaultReplication(target), fs.getDefaultBlockSize(target), null)) {
      out.write(bytes);
    }
    fs.setPermission(target, new FsPermission((short) 0600));
    FileStatus f = fs.getFileStatus(target);
    return LocalResource.newInstance(URL.fromPath(f.getPath()), LocalResourceType.FILE,
        LocalResourceVisibility.APPLICATION, f.getLen(), f.getModificationTime());
  }
}
