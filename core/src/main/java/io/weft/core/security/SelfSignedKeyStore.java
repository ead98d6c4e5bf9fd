package io.weft.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generates a PKCS12 keystore with one EC key and its self-signed certificate, with the JDK's
 * {@code keytool} (in {@code java.home}): the launcher makes one per application for internal TLS.
 * keytool rather than a certificate library (BouncyCastle's bcpkix, which the launcher's Hadoop
 * dependencies happen to carry) because core, which jobs compile against, should not bring a
 * crypto provider onto every classpath for a few lines of work done once per submission, and the
 * tests of rpc and dataplane make their certificates the same way.
 * The password reaches keytool in its environment ({@code -storepass:env}), never on its command
 * line, where other users could read it ({@code ps}).
 */
public final class SelfSignedKeyStore {
  private static final String PASSWORD_VARIABLE = "WEFT_TLS_KEYSTORE_PASSWORD";
  private static final long TIMEOUT_SECONDS = 60;

  private SelfSignedKeyStore() {}

  /** Writes the keystore to {@code file} (which must not exist), valid for {@code validityDays}. */
  public static void generate(Path file, char[] password, String commonName, int validityDays) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException("cannot generate the TLS certificate: no keytool at " + keytool + "; set "
          + SecurityOptions.SSL_INTERNAL_KEYSTORE.key() + " (and its truststore) instead");
    }
    List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "weft", "-keyalg", "EC",
        "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName.replace(",", "_"),
        "-validity", String.valueOf(validityDays), "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE, "-noprompt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, new String(password));
    Process process = builder.start();
    try {
      // keytool prints a line or two, far below a pipe's buffer, so waiting before reading cannot block it.
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("keytool did not generate the TLS certificate within " + TIMEOUT_SECONDS + " s");
      }
      byte[] output = process.getInputStream().readAllBytes();
      if (process.exitValue() != 0 || !Files.isRegularFile(file)) {
        throw new IOException("keytool could not generate the TLS certificate (exit " + process.exitValue() + "): "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating the TLS certificate", e);
    } finally {
      process.destroyForcibly();
    }
  }
}
