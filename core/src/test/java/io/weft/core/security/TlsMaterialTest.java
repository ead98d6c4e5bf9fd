package io.weft.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.rpc.RpcSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which stores an application uses, and the errors a wrong TLS configuration gets before submission. */
class TlsMaterialTest {
  @TempDir static Path dir;
  private static final RpcSecret SECRET = RpcSecret.generate();
  private static Path keystore;

  @BeforeAll
  static void generate() throws IOException {
    keystore = dir.resolve("keystore.p12");
    TlsMaterial.generate(keystore, SECRET, "application_1_0001");
  }

  @Test
  void offByDefault() throws IOException {
    Configuration conf = new Configuration();
    assertFalse(TlsMaterial.needsInternalStores(conf));
    assertNull(TlsMaterial.internal(conf, SECRET, name -> {
      throw new AssertionError("nothing is read when TLS is off");
    }));
    assertNull(TlsMaterial.rest(conf, SECRET, name -> {
      throw new AssertionError("nothing is read when TLS is off");
    }));
  }

  @Test
  void theGeneratedKeystoresPasswordIsDerivedFromTheSecretAndOpensIt() throws IOException {
    Configuration conf = new Configuration();
    conf.set(SecurityOptions.SSL_INTERNAL_ENABLED, true);
    assertTrue(TlsMaterial.generated(conf));
    TlsContext tls = TlsMaterial.internal(conf, SECRET, name -> Files.readAllBytes(keystore));
    assertTrue(tls.mutual());
    assertTrue(tls.serverEngine().getNeedClientAuth());
    assertEquals(new String(TlsMaterial.generatedPassword(SECRET)),
        new String(TlsMaterial.generatedPassword(RpcSecret.fromBase64(SECRET.toBase64()))));
    assertNotEquals(new String(TlsMaterial.generatedPassword(SECRET)),
        new String(TlsMaterial.generatedPassword(RpcSecret.generate())));
    IOException wrong = assertThrows(IOException.class,
        () -> TlsMaterial.internal(conf, RpcSecret.generate(), name -> Files.readAllBytes(keystore)));
    assertTrue(wrong.getMessage().contains(ContainerContract.TLS_KEYSTORE_FILE), wrong.getMessage());
  }

  @Test
  void aConfiguredKeystoreNeedsItsTruststoreAndPasswords() throws IOException {
    Configuration conf = new Configuration();
    conf.set(SecurityOptions.SSL_INTERNAL_ENABLED, true);
    conf.set(SecurityOptions.SSL_INTERNAL_KEYSTORE, keystore.toString());
    IllegalArgumentException noTruststore = assertThrows(IllegalArgumentException.class,
        () -> TlsMaterial.checkClientConfiguration(conf));
    assertTrue(noTruststore.getMessage().contains("security.ssl.internal.truststore is not"), noTruststore.getMessage());

    conf.set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE, keystore.toString());
    IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
        () -> TlsMaterial.checkClientConfiguration(conf));
    assertTrue(noPassword.getMessage().contains("security.ssl.internal.keystore-password"), noPassword.getMessage());

    conf.set(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD, "not-the-password");
    conf.set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD, "not-the-password");
    IOException wrongPassword = assertThrows(IOException.class, () -> TlsMaterial.checkClientConfiguration(conf));
    assertTrue(wrongPassword.getMessage().contains("security.ssl.internal.keystore=" + keystore),
        wrongPassword.getMessage());

    String password = new String(TlsMaterial.generatedPassword(SECRET));
    conf.set(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD, password);
    conf.set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD, password);
    TlsMaterial.checkClientConfiguration(conf);
    assertFalse(TlsMaterial.generated(conf));
  }

  @Test
  void aMissingKeystoreFileIsNamed() {
    Configuration conf = new Configuration();
    conf.set(SecurityOptions.SSL_INTERNAL_ENABLED, true);
    conf.set(SecurityOptions.SSL_INTERNAL_KEYSTORE, dir.resolve("nope.p12").toString());
    conf.set(SecurityOptions.SSL_INTERNAL_TRUSTSTORE, keystore.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsMaterial.checkClientConfiguration(conf));
    assertTrue(e.getMessage().contains("nope.p12 is not a readable file"), e.getMessage());
  }
}
