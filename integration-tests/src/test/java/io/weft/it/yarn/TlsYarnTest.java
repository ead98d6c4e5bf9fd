package io.weft.it.yarn;

import static io.weft.it.MiniYarn.applicationId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcException;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.RpcSettings;
import io.weft.dataplane.memory.LocalBufferPool;
import io.weft.dataplane.memory.NetworkBufferPool;
import io.weft.dataplane.netty.NettyTransport;
import io.weft.dataplane.netty.PartitionRegistry;
import io.weft.dataplane.netty.TransportConfig;
import io.weft.dataplane.netty.TransportException;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.PacedSumJob;
import io.weft.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code security.ssl.internal.enabled: true} on MiniYARN + MiniDFS with the per-application
 * certificate the launcher generates: a job whose records cross TaskManagers runs to SUCCEEDED with
 * every update exactly once, {@code weft savepoint} reaches the JobManager over TLS, and a plaintext
 * peer that knows the application's secret is refused by the JobManager's RPC port and by a
 * TaskManager's data port.
 */
class TlsYarnTest {
  private static final long COUNT = 12_000;
  private static final Pattern DATA_PORT = Pattern.compile("transport server listening on \\S+:(\\d+) \\(\\w+, TLS\\)");

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static FileSystem fs;

  @BeforeAll
  static void startClusters() throws Exception {
    clusters = YARN.clusters();
    fs = clusters.fs();
  }

  @Test
  void aJobRunsOverTlsAndPlaintextPeersWithTheSecretAreRefused() throws Exception {
    String output = fs.getUri() + "/out/tls-sums";
    MiniYarn.Result submitted = clusters.weft("run", "-m", "yarn-cluster", "-d", "-yjm", "768", "-ytm", "1024",
        "-ys", "1", "-yp", "2", "-yD", "security.ssl.internal.enabled=true",
        "-c", PacedSumJob.class.getName(), clusters.jobsJar().toString(), output, String.valueOf(COUNT), "400");
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId id = applicationId(submitted.out());
    awaitRunning(id);
    ApplicationReport report = clusters.client().getApplicationReport(id);

    // The generated keystore and truststore are owner-only in the staging directory.
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".weft/" + id);
    for (String name : List.of("tls-keystore.p12", "tls-truststore.p12")) {
      assertEquals(new FsPermission((short) 0600), fs.getFileStatus(new org.apache.hadoop.fs.Path(staging, name))
          .getPermission(), name);
    }
    RpcSecret secret;
    try (FSDataInputStream in = fs.open(new org.apache.hadoop.fs.Path(staging, "secret"))) {
      secret = RpcSecret.fromBase64(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    }

    // The JobManager's RPC port: a plaintext client with the right secret never gets to authenticate.
    try (RpcService plaintext = new RpcService(secret, RpcSettings.defaults().withAuthTimeout(Duration.ofSeconds(2)))) {
      ExecutionException refused = assertThrows(ExecutionException.class, () -> plaintext.newClient(new Ignore())
          .connect(report.getHost(), report.getRpcPort()).get(30, TimeUnit.SECONDS));
      assertInstanceOf(RpcException.class, refused.getCause());
      // Refused in the handshake, not unreachable: the server never sends its nonce in clear.
      assertTrue(refused.getCause().getMessage().contains("authentication"), refused.getCause().getMessage());
    }

    // A TaskManager's data port (from its log line, which says TLS): a plaintext consumer with the data key is refused.
    int dataPort = taskManagerDataPort(id);
    byte[] key = secret.hmac("weft-dataplane-key".getBytes(StandardCharsets.UTF_8));
    NetworkBufferPool memory = new NetworkBufferPool(8, 32 * 1024);
    try (NettyTransport plaintext = NettyTransport.start(TransportConfig.of("tm-plaintext", "127.0.0.1", 0, key)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), new PartitionRegistry())) {
      LocalBufferPool gate = new LocalBufferPool(memory, "gate", 1, 2, 0, Duration.ofSeconds(5));
      try {
        TransportException refused = assertThrows(TransportException.class, () -> plaintext.requestPartition(
            new InetSocketAddress("127.0.0.1", dataPort), "any", 0, gate, 0));
        assertTrue(refused.getMessage().contains("authenticat"), refused.getMessage());
      } finally {
        gate.destroy();
      }
    } finally {
      memory.destroy();
    }

    // weft savepoint reaches the JobManager over TLS with the staged keystore.
    MiniYarn.Result savepoint = clusters.weft("savepoint", id.toString(), fs.getUri() + "/savepoints-tls");
    assertEquals(0, savepoint.exitCode(), savepoint.out() + savepoint.err());
    assertTrue(savepoint.out().contains("Savepoint completed: "), savepoint.out());

    Await.until(id + " ended", Duration.ofSeconds(180), () -> clusters.client().getApplicationReport(id)
        .getYarnApplicationState() == YarnApplicationState.FINISHED);
    ApplicationReport end = clusters.client().getApplicationReport(id);
    assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
    List<String> expected = new ArrayList<>();
    long[] sums = new long[10];
    for (long v = 0; v < COUNT; v++) {
      sums[(int) (v % 10)] += v;
      expected.add((v % 10) + "\t" + sums[(int) (v % 10)]);
    }
    List<String> lines = readLines(output);
    expected.sort(null);
    lines.sort(null);
    assertEquals(expected, lines, "every update exactly once, over TLS between the TaskManagers");
    clusters.assertStagingDirGone(id, 10_000);
  }

  private static void awaitRunning(ApplicationId id) {
    Await.until("the job of " + id + " reached RUNNING", Duration.ofSeconds(120), () -> {
      String url = clusters.client().getApplicationReport(id).getOriginalTrackingUrl();
      if (url == null || !url.startsWith("http")) {
        return false;
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(url.replaceAll("/+$", "") + "/api/v1/overview")
            .openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (var in = c.getInputStream()) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"state\":\"RUNNING\"");
        }
      } catch (Exception e) {
        return false; // not up yet
      }
    });
  }

  /** The data port of one of the application's TaskManagers, from its taskmanager.log. */
  private static int taskManagerDataPort(ApplicationId id) throws Exception {
    int[] port = {-1};
    Await.until("a TaskManager logged its TLS data port", Duration.ofSeconds(60), () -> {
      for (String logDir : clusters.yarn().getNodeManager(0).getConfig()
          .getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
        Path appDir = Path.of(logDir, id.toString());
        if (!Files.isDirectory(appDir)) {
          continue;
        }
        try (Stream<Path> logs = Files.walk(appDir)) {
          for (Path log : logs.filter(p -> p.getFileName().toString().equals("taskmanager.log")).toList()) {
            Matcher m = DATA_PORT.matcher(Files.readString(log));
            if (m.find()) {
              port[0] = Integer.parseInt(m.group(1));
              return true;
            }
          }
        }
      }
      return false;
    });
    return port[0];
  }

  private static List<String> readLines(String directory) throws Exception {
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(directory))) {
      if (part.getPath().getName().startsWith(".") || part.getPath().getName().startsWith("_")) {
        continue;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private static final class Ignore implements RpcHandler {
    @Override
    public void onMessage(RpcConnection connection, RpcMessage message) {}

    @Override
    public void onClosed(RpcConnection connection, Throwable cause) {}
  }
}
