package io.weft.core.rpc;

import static io.weft.core.rpc.RpcTestSupport.LOOPBACK;
import static io.weft.core.rpc.RpcTestSupport.assertContains;
import static io.weft.core.rpc.RpcTestSupport.await;
import static io.weft.core.rpc.RpcTestSupport.connect;
import static io.weft.core.rpc.RpcTestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.auth.MutualAuth;
import io.weft.core.rpc.RpcTestSupport.RawPeer;
import io.weft.core.rpc.RpcTestSupport.RecordingHandler;
import io.weft.core.security.TlsContext;
import io.weft.testing.TestTls;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RPC over mutual TLS: peers of the same application talk; a plaintext peer and a peer with another
 * certificate (even knowing the secret) never reach the handshake, let alone the handler.
 */
class RpcTlsTest {
  private static TlsContext application;
  private static TlsContext otherApplication;

  private final RpcSecret secret = RpcSecret.generate();
  private final RecordingHandler jobManager = new RecordingHandler();
  private final RecordingHandler taskManager = new RecordingHandler();
  private RpcService service;
  private RpcServer server;

  @BeforeAll
  static void certificates() {
    application = TestTls.application("rpc-test");
    otherApplication = TestTls.application("rpc-test-other");
  }

  @BeforeEach
  void start() throws RpcException {
    service = new RpcService(secret, settings(), application);
    server = service.startServer(LOOPBACK, 0, jobManager);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private static RpcSettings settings() {
    return RpcSettings.defaults().withAuthTimeout(Duration.ofSeconds(5));
  }

  @Test
  void peersOfTheSameApplicationAskAndAnswerOverTls() throws Exception {
    jobManager.answers = (id, request) -> new RegistrationAccepted("jm", 1);
    try (RpcService client = new RpcService(secret, settings(), application)) {
      RpcConnection toJobManager = await(connect(client, taskManager, server.port()));
      RpcMessage answer = await(toJobManager.ask(
          new RegisterTaskManager("tm-1", "127.0.0.1", 40001, 2, "container_01")));
      assertEquals(new RegistrationAccepted("jm", 1), answer);
      assertEquals(1, server.connections().size());
    }
  }

  @Test
  void aPlaintextClientWithTheSecretIsRefused() throws Exception {
    // It waits for a HELLO the server never sends in clear; a short wait keeps the test quick.
    try (RpcService plaintext = new RpcService(secret, settings().withAuthTimeout(Duration.ofSeconds(1)))) {
      Throwable failure = failureOf(connect(plaintext, taskManager, server.port()));
      assertInstanceOf(RpcException.class, failure);
    }
    assertTrue(server.connections().isEmpty());
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void aRawPlaintextPeerGetsNoHelloAndIsClosed() throws Exception {
    try (RawPeer peer = new RawPeer(server.port())) {
      // What a plaintext client sends after the HELLO: the server, waiting for a TLS ClientHello, must hang up.
      peer.writeFrame(RpcTestSupport.concat(MutualAuth.PREAMBLE, RpcTestSupport.nonce(), new byte[32]));
      int first = peer.in.read();
      assertTrue(first == -1 || first == 0x15, "expected a close or a TLS alert record, got byte " + first);
      assertTrue(peer.closedByServer());
    }
    assertTrue(server.connections().isEmpty());
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void aClientWithAnotherCertificateIsRefusedEvenWithTheSecret() throws Exception {
    try (RpcService stranger = new RpcService(secret, settings(), otherApplication)) {
      Throwable failure = failureOf(connect(stranger, taskManager, server.port()));
      assertInstanceOf(RpcAuthenticationException.class, failure);
      assertContains("TLS with 127.0.0.1:" + server.port() + " failed", failure.getMessage());
    }
    assertTrue(server.connections().isEmpty());
    assertTrue(jobManager.sawNothing());
  }

  @Test
  void aTlsClientRefusesAPlaintextServer() throws Exception {
    try (RpcService plaintext = new RpcService(secret, settings());
        RpcService client = new RpcService(secret, settings(), application)) {
      RpcServer cleartext = plaintext.startServer(LOOPBACK, 0, jobManager);
      Throwable failure = failureOf(connect(client, taskManager, cleartext.port()));
      assertInstanceOf(RpcException.class, failure);
      assertTrue(cleartext.connections().isEmpty());
    }
    assertTrue(taskManager.sawNothing());
  }
}
