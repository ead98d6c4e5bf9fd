package io.weft.core.rpc;

import static io.weft.core.rpc.RpcTestSupport.LOOPBACK;
import static io.weft.core.rpc.RpcTestSupport.assertContains;
import static io.weft.core.rpc.RpcTestSupport.await;
import static io.weft.core.rpc.RpcTestSupport.connect;
import static io.weft.core.rpc.RpcTestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.core.rpc.RpcTestSupport.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messaging between an authenticated client and server: send, ask, reply, errors, timeouts, close. */
class RpcConnectionTest {
  private final RecordingHandler jobManager = new RecordingHandler();
  private final RecordingHandler taskManager = new RecordingHandler();
  private RpcService service;
  private RpcServer server;

  @BeforeEach
  void start() throws RpcException {
    service = new RpcService(RpcSecret.generate());
    server = service.startServer(LOOPBACK, 0, jobManager);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private RpcConnection connectTaskManager() throws Exception {
    return await(connect(service, taskManager, server.port()));
  }

  @Test
  void aTaskManagerRegistersAndGetsTheAnswerThroughAsk() throws Exception {
    jobManager.answers = (id, request) -> request instanceof RegisterTaskManager r
        ? new RegistrationAccepted("jm-" + r.taskManagerId(), 1) : new ErrorReply(id, "unexpected");
    RpcConnection toJobManager = connectTaskManager();
    RegisterTaskManager register = new RegisterTaskManager("tm-1", "127.0.0.1", 40001, 2, "container_01");

    RpcMessage answer = await(toJobManager.ask(register));

    assertEquals(new RegistrationAccepted("jm-tm-1", 1), answer);
    assertEquals(register, jobManager.requests.poll());
    assertEquals(1, server.connections().size());
    assertEquals(LOOPBACK + ":" + server.port(), toJobManager.remoteAddress());
    assertTrue(toJobManager.isOpen());
  }

  @Test
  void oneWayMessagesArriveInOrderAndRefreshLastReceived() throws Exception {
    RpcConnection toJobManager = connectTaskManager();
    List<RpcMessage> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Heartbeat h = new Heartbeat("tm-1", i, List.of(new TaskStatus("t" + i, TaskState.RUNNING, i, 2L * i)));
      sent.add(h);
      toJobManager.send(h);
    }
    List<RpcMessage> received = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      received.add(jobManager.awaitMessage());
    }
    assertEquals(sent, received);

    RpcConnection atJobManager = jobManager.connections.poll();
    long before = atJobManager.lastReceivedMillis();
    Await.until("the clock moved on", () -> System.currentTimeMillis() > before);
    await(toJobManager.send(new Heartbeat("tm-1", 0, List.of())));
    jobManager.awaitMessage();
    assertTrue(atJobManager.lastReceivedMillis() > before, "lastReceivedMillis moves when a frame arrives");
  }

  @Test
  void theServerCanAskAClientAndTheDefaultAnswerIsAnAckWithTheCorrelationId() throws Exception {
    connectTaskManager();
    Await.until("the server lists the connection", () -> server.connections().size() == 1);
    RpcConnection toTaskManager = server.connections().get(0);
    toTaskManager.setPeerName("tm-1");
    DeployTask deploy = new DeployTask("job", "v1", 0, 0, 0, "fp",
        new PeerAddresses(true, 1, List.of(new PeerAddresses.DataAddress("127.0.0.1", 41000))));

    RpcMessage first = await(toTaskManager.ask(deploy));
    RpcMessage second = await(toTaskManager.ask(new CancelTask("job", "v1", 0)));

    assertInstanceOf(Ack.class, first);
    assertInstanceOf(Ack.class, second);
    assertTrue(((Ack) second).correlationId() > ((Ack) first).correlationId());
    assertEquals(deploy, taskManager.awaitMessage(), "the default onRequest hands the request to onMessage");
    assertEquals("tm-1 (127.0.0.1:" + toTaskManager.remoteAddress().split(":")[1] + ")", toTaskManager.toString());
  }

  @Test
  void aHandlerThatThrowsAnswersWithAnErrorAndTheConnectionStaysUsable() throws Exception {
    jobManager.answers = (id, request) -> {
      if (request instanceof DeployTask) {
        throw new IllegalStateException("no free slot 7");
      }
      return new Ack(id);
    };
    RpcConnection toJobManager = connectTaskManager();

    Throwable failure = failureOf(toJobManager.ask(new DeployTask("j", "v", 0, 0, 7, "fp", PeerAddresses.PREVIOUS)));

    RpcRemoteException remote = assertInstanceOf(RpcRemoteException.class, failure);
    assertContains("answered DeployTask with an error: java.lang.IllegalStateException: no free slot 7",
        remote.getMessage());
    assertContains("no free slot 7", remote.reply().message());
    assertInstanceOf(Ack.class, await(toJobManager.ask(new CancelTask("j", "v", 0))));
  }

  @Test
  void askTimesOutCleanlyWhenTheServerNeverAnswers() throws Exception {
    jobManager.answers = (id, request) -> request instanceof CancelTask ? null : new Ack(id);
    RpcConnection toJobManager = connectTaskManager();

    Throwable failure = failureOf(toJobManager.ask(new CancelTask("j", "v", 3), Duration.ofMillis(200)));

    assertInstanceOf(TimeoutException.class, failure);
    assertContains("no answer to CancelTask from 127.0.0.1:" + server.port() + " within 200 ms", failure.getMessage());
    assertTrue(toJobManager.isOpen(), "a timeout does not close the connection");
    assertInstanceOf(Ack.class, await(toJobManager.ask(new Shutdown("test"))));
  }

  @Test
  void closingTheServerNotifiesTheClientWithTheAddressAndFailsPendingAsks() throws Exception {
    jobManager.answers = (id, request) -> null; // never answers
    RpcConnection toJobManager = connectTaskManager();
    CompletableFuture<RpcMessage> pending = toJobManager.ask(new CancelTask("j", "v", 0), Duration.ofMinutes(5));
    Await.until("the request reached the server", () -> !jobManager.requests.isEmpty());

    server.close();

    Throwable cause = taskManager.awaitClosed();
    assertInstanceOf(RpcException.class, cause);
    assertContains("127.0.0.1:" + server.port(), cause.getMessage());
    assertContains("closed by the peer", cause.getMessage());
    Throwable askFailure = failureOf(pending);
    assertInstanceOf(RpcException.class, askFailure);
    assertContains("127.0.0.1:" + server.port(), askFailure.getMessage());
    assertFalse(toJobManager.isOpen());
    assertInstanceOf(RpcException.class, failureOf(toJobManager.send(new Shutdown("late"))));
    assertSame(RecordingHandler.NO_CAUSE, jobManager.awaitClosed(), "the side that closed gets a null cause");
    assertTrue(server.connections().isEmpty());
  }

  @Test
  void closingAClientConnectionNotifiesBothSides() throws Exception {
    RpcConnection toJobManager = connectTaskManager();
    Await.until("the server lists the connection", () -> server.connections().size() == 1);

    toJobManager.close();

    assertSame(RecordingHandler.NO_CAUSE, taskManager.awaitClosed());
    Throwable atServer = jobManager.awaitClosed();
    assertContains("was closed by the peer", atServer.getMessage());
    await(toJobManager.closeFuture());
    Await.until("the server forgets the connection", () -> server.connections().isEmpty());
  }

  @Test
  void aMessageOverTheFrameLimitIsRefusedLocallyWithoutClosing() throws Exception {
    service.close();
    service = new RpcService(RpcSecret.generate(), RpcSettings.defaults().withMaxFrameBytes(4096));
    server = service.startServer(LOOPBACK, 0, jobManager);
    RpcConnection toJobManager = connectTaskManager();
    List<TaskStatus> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(new TaskStatus("task-" + i, TaskState.RUNNING, i, i));
    }

    Throwable failure = failureOf(toJobManager.send(new Heartbeat("tm", 0, many)));

    assertInstanceOf(IllegalArgumentException.class, failure);
    assertContains("more than the maximum frame of 4096 bytes", failure.getMessage());
    assertTrue(toJobManager.isOpen());
    assertInstanceOf(Ack.class, await(toJobManager.ask(new Shutdown("still fine"))));
  }

  @Test
  void anAnswerMustCarryTheIdItAnswers() throws Exception {
    RpcConnection toJobManager = connectTaskManager();
    assertThrows(IllegalArgumentException.class, () -> toJobManager.reply(5, new Ack(6)));
    assertThrows(IllegalArgumentException.class, () -> toJobManager.reply(5, new ErrorReply(6, "x")));
    assertNull(toJobManager.peerName());
  }
}
