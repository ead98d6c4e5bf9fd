package io.weft.core.rpc;

import static io.weft.core.rpc.RpcTestSupport.LOOPBACK;
import static io.weft.core.rpc.RpcTestSupport.assertContains;
import static io.weft.core.rpc.RpcTestSupport.await;
import static io.weft.core.rpc.RpcTestSupport.connect;
import static io.weft.core.rpc.RpcTestSupport.failureOf;
import static io.weft.core.rpc.RpcTestSupport.rpcThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.RpcTestSupport.RecordingHandler;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service's lifecycle: its threads, and what closing it does to servers, clients and handlers. */
class RpcServiceTest {

  @Test
  void noRpcThreadsRemainAfterClose() throws Exception {
    RecordingHandler jobManager = new RecordingHandler();
    RecordingHandler taskManager = new RecordingHandler();
    RpcService service = new RpcService(RpcSecret.generate());
    RpcServer server = service.startServer(LOOPBACK, 0, jobManager);
    RpcConnection toJobManager = await(connect(service, taskManager, server.port()));
    await(toJobManager.ask(new Shutdown("ping")));
    assertFalse(rpcThreads().isEmpty(), "the event loops run on weft-rpc threads");

    service.close();

    // close() waits for the threads themselves, so no deadline is needed here.
    assertEquals(List.of(), rpcThreads());
    assertSame(RecordingHandler.NO_CAUSE, jobManager.closed.poll(), "onClosed ran before close() returned");
    // The service closes its server first, so in one process the client may see the server hang up.
    assertEquals(1, taskManager.closed.size(), "onClosed ran once before close() returned");
    assertFalse(toJobManager.isOpen());
  }

  @Test
  void aClosedServiceRefusesNewWorkAndClosingTwiceIsHarmless() throws Exception {
    RpcService service = new RpcService(RpcSecret.generate());
    service.close();
    service.close();
    assertThrows(IllegalStateException.class, () -> service.startServer(LOOPBACK, 0, new RecordingHandler()));
    assertThrows(IllegalStateException.class, () -> service.newClient(new RecordingHandler()));
    assertEquals(List.of(), rpcThreads());
  }

  @Test
  void aPortInUseFailsWithTheAddress() throws Exception {
    try (RpcService service = new RpcService(RpcSecret.generate());
        ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
      RpcException e = assertThrows(RpcException.class,
          () -> service.startServer(LOOPBACK, taken.getLocalPort(), new RecordingHandler()));
      assertContains("cannot start the RPC server on 127.0.0.1:" + taken.getLocalPort(), e.getMessage());
    }
  }

  @Test
  void connectingToNothingFailsWithTheAddress() throws Exception {
    // A port bound but not listening: nothing answers on it, and while the test holds it no other
    // process can start listening there (a port closed after bind(0) could be taken at once).
    try (java.net.Socket held = new java.net.Socket(); RpcService service = new RpcService(RpcSecret.generate())) {
      held.bind(new java.net.InetSocketAddress(LOOPBACK, 0));
      int port = held.getLocalPort();
      Throwable failure = failureOf(connect(service, new RecordingHandler(), port));
      assertInstanceOf(RpcException.class, failure);
      assertContains("cannot connect to 127.0.0.1:" + port, failure.getMessage());
    }
  }

  @Test
  void closingAClientClosesItsConnectionsOnly() throws Exception {
    try (RpcService service = new RpcService(RpcSecret.generate())) {
      RecordingHandler jobManager = new RecordingHandler();
      RpcServer server = service.startServer(LOOPBACK, 0, jobManager);
      RecordingHandler first = new RecordingHandler();
      RecordingHandler second = new RecordingHandler();
      RpcClient firstClient = service.newClient(first);
      RpcConnection a = await(firstClient.connect(LOOPBACK, server.port()));
      RpcConnection b = await(connect(service, second, server.port()));

      firstClient.close();

      assertFalse(a.isOpen());
      assertSame(RecordingHandler.NO_CAUSE, first.closed.poll());
      assertTrue(b.isOpen());
      assertTrue(await(b.ask(new Shutdown("still here"))) instanceof Ack);
    }
  }
}
