package io.weft.core.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
  void readsTheContainerEnvironment() {
    RpcSecret secret = RpcSecret.generate();
    assertEquals(secret.toBase64(),
        RpcSecret.fromEnvironment(Map.of(RpcSecret.ENV_VAR, secret.toBase64())).toBase64());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> RpcSecret.fromEnvironment(Map.of()));
    assertTrue(missing.getMessage().startsWith("WEFT_APP_SECRET is not set"), missing.getMessage());
    IllegalStateException malformed = assertThrows(IllegalStateException.class,
        () -> RpcSecret.fromEnvironment(Map.of(RpcSecret.ENV_VAR, "abc")));
    assertTrue(malformed.getMessage().startsWith("WEFT_APP_SECRET is malformed"), malformed.getMessage());
  }
}
