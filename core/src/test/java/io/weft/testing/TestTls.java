package io.weft.testing;

import io.weft.core.security.SelfSignedKeyStore;
import io.weft.core.security.TlsContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Self-signed certificates for transport tests, made the way the launcher makes an application's:
 * each instance is one "application" whose mutual context trusts only its own certificate.
 */
public final class TestTls {
  private static final char[] PASSWORD = "test-password".toCharArray();

  private TestTls() {}

  /** A mutual TLS context presenting a fresh self-signed certificate and trusting only it. */
  public static TlsContext application(String name) {
    try {
      Path dir = Files.createTempDirectory("weft-tls-test");
      try {
        Path file = dir.resolve("keystore.p12");
        SelfSignedKeyStore.generate(file, PASSWORD, name, 2);
        KeyStore store = TlsContext.load(Files.readAllBytes(file), PASSWORD, file.toString());
        return TlsContext.of(store, PASSWORD, store, true);
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
