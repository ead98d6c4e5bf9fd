package io.weft.launcher.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.RpcSecret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Why weft cancel falls back to YARN's kill: what JobManagerRest says when the JobManager cannot be asked. */
class JobManagerRestTest {
  private final JobManagerRest rest = new JobManagerRest(Duration.ofSeconds(2));

  @Test
  void anApplicationMasterWithoutAWebAddressIsNotAsked() {
    assertEquals("YARN reports no web address for its ApplicationMaster (tracking URL N/A)",
        rest.cancel("N/A", "job_1_0001", RpcSecret.generate()));
  }

  @Test
  void anUnreachableJobManagerIsReportedWithItsAddressAndTheBound() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String why = rest.cancel("http://127.0.0.1:" + port + "/", "job_1_0001", RpcSecret.generate());
    assertTrue(why.startsWith("it did not answer at http://127.0.0.1:" + port + " within 2 s: "), why);
  }
}
