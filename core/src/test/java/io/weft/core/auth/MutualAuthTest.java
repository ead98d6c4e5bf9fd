package io.weft.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.core.auth.MutualAuth.HandshakeException;
import io.weft.core.auth.MutualAuth.HandshakeException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The handshake's messages and checks, without any transport. */
class MutualAuthTest {
  private static final MutualAuth.Hmac KEY = MutualAuth.hmacSha256(bytes("the right secret, 32 bytes long!"));
  private static final MutualAuth.Hmac OTHER = MutualAuth.hmacSha256(bytes("another secret, also 32 bytes..."));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void twoSidesWithTheSameKeyAcceptEachOther() throws Exception {
    MutualAuth server = MutualAuth.of(KEY, "rpc");
    MutualAuth client = MutualAuth.of(KEY, "rpc");
    byte[] hello = server.hello();
    assertEquals(MutualAuth.HELLO_BYTES, hello.length);
    byte[] response = client.respond(hello);
    assertEquals(MutualAuth.RESPONSE_BYTES, response.length);
    byte[] result = server.acceptResponse(response);
    assertEquals(MutualAuth.RESULT_BYTES, result.length);
    assertEquals(MutualAuth.ACCEPTED, result[0]);
    client.verifyResult(result);
  }

  @Test
  void theProofsAreTheDocumentedHmacs() throws Exception {
    MutualAuth server = MutualAuth.of(KEY, "dataplane");
    MutualAuth client = MutualAuth.of(KEY, "dataplane");
    byte[] hello = server.hello();
    byte[] serverNonce = Arrays.copyOfRange(hello, MutualAuth.PREAMBLE.length, hello.length);
    byte[] response = client.respond(hello);
    byte[] clientNonce = Arrays.copyOfRange(response, MutualAuth.PREAMBLE.length,
        MutualAuth.PREAMBLE.length + MutualAuth.NONCE_BYTES);
    assertArrayEquals(KEY.of(bytes("weft-dataplane-v1 client"), serverNonce, clientNonce),
        Arrays.copyOfRange(response, MutualAuth.PREAMBLE.length + MutualAuth.NONCE_BYTES, response.length));
    byte[] result = server.acceptResponse(response);
    assertArrayEquals(KEY.of(bytes("weft-dataplane-v1 server"), clientNonce, serverNonce),
        Arrays.copyOfRange(result, 1, result.length));
  }

  @Test
  void aClientWithAnotherKeyIsRejectedAndLearnsNoServerProof() throws Exception {
    MutualAuth server = MutualAuth.of(KEY, "rpc");
    MutualAuth client = MutualAuth.of(OTHER, "rpc");
    byte[] response = client.respond(server.hello());
    HandshakeException e = assertThrows(HandshakeException.class, () -> server.acceptResponse(response));
    assertEquals(Kind.WRONG_PROOF, e.kind());
    HandshakeException refused = assertThrows(HandshakeException.class,
        () -> client.verifyResult(MutualAuth.rejection()));
    assertEquals(Kind.REJECTED, refused.kind());
  }

  @Test
  void aServerWithAnotherKeyIsNotBelieved() throws Exception {
    // The impostor cannot check the client's proof, so it answers as if it had accepted it.
    MutualAuth impostor = MutualAuth.of(OTHER, "rpc");
    MutualAuth client = MutualAuth.of(KEY, "rpc");
    byte[] hello = impostor.hello();
    byte[] response = client.respond(hello);
    byte[] clientNonce = Arrays.copyOfRange(response, MutualAuth.PREAMBLE.length,
        MutualAuth.PREAMBLE.length + MutualAuth.NONCE_BYTES);
    byte[] serverNonce = Arrays.copyOfRange(hello, MutualAuth.PREAMBLE.length, hello.length);
    byte[] forged = new byte[MutualAuth.RESULT_BYTES];
    forged[0] = MutualAuth.ACCEPTED;
    System.arraycopy(OTHER.of(bytes("weft-rpc-v1 server"), clientNonce, serverNonce), 0, forged, 1,
        MutualAuth.PROOF_BYTES);
    assertEquals(Kind.WRONG_PROOF, assertThrows(HandshakeException.class, () -> client.verifyResult(forged)).kind());
  }

  @Test
  void aProofForOneProtocolDoesNotCountInAnother() throws Exception {
    MutualAuth server = MutualAuth.of(KEY, "rpc");
    MutualAuth client = MutualAuth.of(KEY, "dataplane");
    byte[] response = client.respond(server.hello());
    assertEquals(Kind.WRONG_PROOF,
        assertThrows(HandshakeException.class, () -> server.acceptResponse(response)).kind());
  }

  @Test
  void malformedMessagesAreNamedAsSuch() throws Exception {
    MutualAuth server = MutualAuth.of(KEY, "rpc");
    MutualAuth client = MutualAuth.of(KEY, "rpc");
    byte[] hello = server.hello();
    hello[0] = 'X';
    assertEquals(Kind.MALFORMED, assertThrows(HandshakeException.class, () -> client.respond(hello)).kind());
    assertEquals(Kind.MALFORMED,
        assertThrows(HandshakeException.class, () -> server.acceptResponse(new byte[5])).kind());
    client.respond(server.hello());
    assertEquals(Kind.MALFORMED,
        assertThrows(HandshakeException.class, () -> client.verifyResult(new byte[] {7})).kind());
  }
}
