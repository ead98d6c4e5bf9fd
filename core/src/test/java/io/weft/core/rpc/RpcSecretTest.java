package io.weft.core.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;

class RpcSecretTest {

  @Test
  void generatesThirtyTwoRandomBytes() {
    RpcSecret a = RpcSecret.generate();
    RpcSecret b = RpcSecret.generate();
    assertEquals(32, Base64.getDecoder().decode(a.toBase64()).length);
    assertNotEquals(a.toBase64(), b.toBase64());
  }

  @Test
  void base64RoundTripKeepsTheKey() {
    RpcSecret a = RpcSecret.generate();
    RpcSecret copy = RpcSecret.fromBase64(a.toBase64());
    assertEquals(a.toBase64(), copy.toBase64());
    byte[] data = "nonce".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(a.hmac(data), copy.hmac(data));
  }

  @Test
  void hmacIsHmacSha256OverTheConcatenatedParts() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.toBase64()), "HmacSHA256"));
    byte[] expected = mac.doFinal("abcdef".getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, secret.hmac("ab".getBytes(StandardCharsets.US_ASCII),
        "cdef".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(java.util.Arrays.equals(expected, RpcSecret.generate().hmac("abcdef".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void malformedSecretsAreRejectedWithoutRepeatingThem() {
    String shortOne = Base64.getEncoder().encodeToString(new byte[16]);
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> RpcSecret.fromBase64(shortOne));
    assertTrue(tooShort.getMessage().contains("32 bytes"), tooShort.getMessage());
    assertFalse(tooShort.getMessage().contains(shortOne));

    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> RpcSecret.fromBase64("s3cr3t!!not*base64"));
    assertFalse(notBase64.getMessage().contains("s3cr3t"), notBase64.getMessage());
  }

  @Test
  void toStringRedactsTheSecret() {
    RpcSecret secret = RpcSecret.generate();
    assertEquals("RpcSecret[redacted]", secret.toString());
    assertFalse(String.valueOf(secret).contains(secret.toBase64()));
  }

  @Test
  void travelsInAContainersCredentialsAndNowhereElse() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    ByteBuffer tokens = secret.containerTokens();
    byte[] bytes = new byte[tokens.remaining()];
    tokens.get(bytes);
    Credentials credentials = new Credentials();
    credentials.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(bytes)));
    assertEquals(0, credentials.numberOfTokens(), "the secret key alone: no token of the launching process");
    assertEquals(1, credentials.numberOfSecretKeys());

    UserGroupInformation container = UserGroupInformation.createRemoteUser("container");
    container.addCredentials(credentials);
    assertEquals(secret.toBase64(), container.doAs(
        (PrivilegedExceptionAction<String>) () -> RpcSecret.fromContainerCredentials().toBase64()));
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> UserGroupInformation
        .createRemoteUser("other").doAs((PrivilegedExceptionAction<RpcSecret>) RpcSecret::fromContainerCredentials));
    assertTrue(missing.getMessage().startsWith("the application secret is not among this process's credentials"),
        missing.getMessage());
  }

  @Test
  void aContainerReadsItFromItsTokenFileWithoutLoggingIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    RpcSecret secret = RpcSecret.generate();
    ByteBuffer tokens = secret.containerTokens();
    byte[] bytes = new byte[tokens.remaining()];
    tokens.get(bytes);
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("container_tokens"), bytes);
    assertEquals(secret.toBase64(),
        RpcSecret.fromContainerTokenFile(java.util.Map.of("HADOOP_TOKEN_FILE_LOCATION", file.toString())).toBase64());

    // A token file of other credentials (what the launcher of another framework would write) is refused by name.
    Credentials other = new Credentials();
    other.addSecretKey(new org.apache.hadoop.io.Text("something.else"), new byte[RpcSecret.LENGTH]);
    java.nio.file.Path otherFile = dir.resolve("other_tokens");
    other.writeTokenStorageFile(new org.apache.hadoop.fs.Path(otherFile.toUri()), new org.apache.hadoop.conf.Configuration());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> RpcSecret.fromContainerTokenFile(java.util.Map.of("HADOOP_TOKEN_FILE_LOCATION", otherFile.toString())));
    assertTrue(missing.getMessage().contains("not among the credentials of the token file " + otherFile),
        missing.getMessage());
  }

  @Test
  void withoutATokenFileTheCurrentUsersCredentialsAreRead() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    ByteBuffer tokens = secret.containerTokens();
    byte[] bytes = new byte[tokens.remaining()];
    tokens.get(bytes);
    Credentials credentials = new Credentials();
    credentials.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(bytes)));
    UserGroupInformation container = UserGroupInformation.createRemoteUser("container");
    container.addCredentials(credentials);
    assertEquals(secret.toBase64(), container.doAs(
        (PrivilegedExceptionAction<String>) () -> RpcSecret.fromContainerTokenFile(java.util.Map.of()).toBase64()));
  }
}
