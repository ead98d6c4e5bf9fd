package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs scripts/local-cluster for real: start (with --kafka and two NodeManagers) on a free UI port in a temporary
 * directory, use YARN's REST API, HDFS and the Kafka broker, check status and the refusal of a
 * second start, then stop and check that nothing is left running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterScriptTest {

    // The script waits up to 120 s itself and may first have to build the launcher.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAIN_CLASS = "io.weft.launcher.localcluster.LocalClusterMain";

    private static Path root;
    private static Path dir;
    private static int uiPort;
    private static int historyPort;
    private static long clusterPid;

    @BeforeAll
    static void startCluster() throws Exception {
        root = repositoryRoot();
        dir = Files.createTempDirectory("weft-local-cluster-it-").toRealPath();
        Result start = null;
        // A port found free may be taken by another process before the cluster binds it: then
        // again on other ports (the failed start stopped what it had started).
        for (int attempt = 1; attempt <= 3; attempt++) {
            uiPort = freePort();
            historyPort = freePort();
            start = script(START_TIMEOUT, "start", "--ui-port", Integer.toString(uiPort), "--dir", dir.toString(),
                    "--nm-memory-mb", "2048", "--nm-vcores", "2", "--nodemanagers", "2", "--history-port",
                    Integer.toString(historyPort), "--kafka");
            if (start.exitCode() == 0 || !start.output().contains("Address already in use")) {
                break;
            }
            System.out.println("Ports " + uiPort + "/" + historyPort + " were taken meanwhile; starting again");
            script(COMMAND_TIMEOUT, "stop", "--dir", dir.toString());
        }
        assertEquals(0, start.exitCode(), "start failed:\n" + start.output());
        assertTrue(start.output().contains("YARN ResourceManager UI: http://localhost:" + uiPort), start.output());
        assertTrue(start.output().contains("History server: http://localhost:" + historyPort + "/ (jobs' final tracking"
                + " URLs point here)"), start.output());
        clusterPid = Long.parseLong(Files.readString(dir.resolve("local-cluster.pid")).trim());
    }

    @AfterAll
    static void stopClusterAndCleanUp() throws Exception {
        try {
            if (dir != null) {
                Result stop = script(COMMAND_TIMEOUT, "stop", "--dir", dir.toString());
                assertEquals(0, stop.exitCode(), "stop in @AfterAll failed:\n" + stop.output());
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * The NodeManager runs its web server on the port it reported (so log links work) while the
     * ResourceManager's REST API still answers as its own, and the cluster aggregates logs.
     */
    @Test
    @Order(1)
    void nodeManagerWebServersAnswerOnTheirOwnPorts() throws Exception {
        JsonNode nodes = getJson("/ws/v1/cluster/nodes").path("nodes").path("node");
        assertEquals(2, nodes.size(), nodes.toString());
        List<String> addresses = new ArrayList<>();
        for (JsonNode node : nodes) {
            String address = node.path("nodeHTTPAddress").asText();
            assertTrue(address.matches("localhost:[1-9][0-9]*"), node.toString());
            assertFalse(addresses.contains(address), "each NodeManager has its own web port: " + nodes);
            addresses.add(address);
            // Each NodeManager has the memory and vcores given, not MiniYARNCluster's own 4096 MB.
            // (Nothing runs on YARN yet: what is available is all it has.)
            assertEquals(2048, node.path("availMemoryMB").asInt(), node.toString());
            assertEquals(2, node.path("availableVirtualCores").asInt(), node.toString());
            HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + address + "/ws/v1/node/info")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, info.statusCode(), info.body());
            assertTrue(info.body().contains("\"nodeInfo\""), info.body());
        }
        assertEquals("STARTED", getJson("/ws/v1/cluster/info").path("clusterInfo").path("state").asText());
        Configuration yarnSite = new Configuration(false);
        yarnSite.addResource(new org.apache.hadoop.fs.Path(dir.resolve("conf/yarn-site.xml").toUri()));
        assertTrue(yarnSite.getBoolean("yarn.log-aggregation-enable", false), "log aggregation is on");
    }

    @Test
    @Order(1)
    void resourceManagerRestApiAnswers() throws Exception {
        JsonNode info = getJson("/ws/v1/cluster/info");
        assertEquals("STARTED", info.path("clusterInfo").path("state").asText(), info.toString());

        // Both NodeManagers registered with the capacity given on the command line, vcores included.
        JsonNode metrics = getJson("/ws/v1/cluster/metrics").path("clusterMetrics");
        assertEquals(2, metrics.path("activeNodes").asInt(), metrics.toString());
        assertEquals(2 * 2048, metrics.path("totalMB").asInt(), metrics.toString());
        assertEquals(2 * 2, metrics.path("totalVirtualCores").asInt(), metrics.toString());
    }

    @Test
    @Order(2)
    void hdfsRoundTripThroughTheWrittenConf() throws Exception {
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(dir.resolve("conf/core-site.xml").toUri()));
        assertTrue(conf.get("fs.defaultFS").startsWith("hdfs://localhost:"), conf.get("fs.defaultFS"));

        byte[] content = "hello from the local cluster test\n".getBytes(StandardCharsets.UTF_8);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/weft-it/hello.txt");
        try (FileSystem fs = FileSystem.newInstance(conf)) {
            assertEquals("hdfs", fs.getScheme());
            try (OutputStream out = fs.create(file, true)) {
                out.write(content);
            }
            FileStatus[] listing = fs.listStatus(file.getParent());
            assertEquals(1, listing.length);
            assertEquals("hello.txt", listing[0].getPath().getName());
            assertEquals(content.length, listing[0].getLen());
            try (FSDataInputStream in = fs.open(file)) {
                assertEquals(new String(content, StandardCharsets.UTF_8),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @Order(3)
    void statusShowsTheAddresses() throws Exception {
        Result status = script(COMMAND_TIMEOUT, "status", "--dir", dir.toString());
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("running"), status.output());
        assertTrue(status.output().contains("http://localhost:" + uiPort), status.output());
        assertTrue(status.output().contains("hdfs://localhost:"), status.output());
        assertTrue(status.output().contains("export HADOOP_CONF_DIR=" + dir.resolve("conf")), status.output());

        // scripts/weft finds this cluster by its directory, without HADOOP_CONF_DIR.
        Result list = run(COMMAND_TIMEOUT, "scripts/weft", "--cluster-dir", dir.toString(), "list");
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("No Weft applications are running"), list.output());
    }

    @Test
    @Order(4)
    void theKafkaBrokerServesAtThePrintedAddress() throws Exception {
        Result status = script(COMMAND_TIMEOUT, "status", "--dir", dir.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Kafka bootstrap servers: (\\S+)")
                .matcher(status.output());
        assertTrue(m.find(), status.output());
        String servers = m.group(1);
        String topic = "local-cluster-it";
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                "bootstrap.servers", servers), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k", "through the broker")).get();
        }
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", servers, "auto.offset.reset", "earliest", "group.id", "local-cluster-it"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
            }
            assertEquals(List.of("through the broker"), seen);
        }
    }

    @Test
    @Order(5)
    void secondStartIsRefused() throws Exception {
        Result again = script(COMMAND_TIMEOUT, "start", "--ui-port", Integer.toString(uiPort), "--dir", dir.toString());
        assertNotEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("already running"), again.output());
        assertEquals(Long.toString(clusterPid), Files.readString(dir.resolve("local-cluster.pid")).trim());
        assertEquals(1, clusterJvms().size(), "exactly one cluster JVM for " + dir);
    }

    /**
     * The cluster runs the history server, and its weft-defaults.yaml (read by weft run with this
     * HADOOP_CONF_DIR) archives jobs where that server reads and points final tracking URLs at it.
     */
    @Test
    @Order(3)
    void theHistoryServerServesAndJobsArePointedAtIt() throws Exception {
        HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + historyPort + "/api/v1/jobs")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jobs.statusCode(), jobs.body());
        assertTrue(jobs.body().contains("\"jobs\":["), jobs.body());
        String defaults = Files.readString(dir.resolve("conf/weft-defaults.yaml"));
        assertTrue(defaults.contains("historyserver.web.address: localhost:" + historyPort + "\n"), defaults);
        assertTrue(defaults.contains("jobmanager.archive.fs.dir: /weft/completed-jobs\n"), defaults);
        io.weft.core.config.Configuration conf = io.weft.launcher.cli.RunConfiguration.clusterDefaults(
                new io.weft.launcher.cli.CliEnvironment(null, java.util.Map.of("HADOOP_CONF_DIR",
                        dir.resolve("conf").toString())));
        assertEquals("localhost:" + historyPort, conf.get(io.weft.appmaster.history.HistoryOptions.HISTORY_ADDRESS));
    }

    @Test
    @Order(6)
    void stopLeavesNothingRunning() throws Exception {
        Result stop = script(COMMAND_TIMEOUT, "stop", "--dir", dir.toString());
        assertEquals(0, stop.exitCode(), stop.output());
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new java.net.InetSocketAddress("localhost", historyPort),
                    2000), "the history server stopped with the cluster");
        }

        assertFalse(ProcessHandle.of(clusterPid).map(ProcessHandle::isAlive).orElse(false),
                "cluster JVM " + clusterPid + " is still alive");
        List<String> left = processesMentioning(dir.toString());
        assertTrue(left.isEmpty(), "processes still running: " + left);
        assertFalse(Files.exists(dir.resolve("local-cluster.pid")));
        assertFalse(Files.exists(dir.resolve("cluster.properties")));
        assertFalse(Files.exists(dir.resolve("kafka.pid")));
        assertFalse(Files.exists(dir.resolve("kafka")), "the broker's data is deleted");

        Result status = script(COMMAND_TIMEOUT, "status", "--dir", dir.toString());
        assertTrue(status.output().contains("not running"), status.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result script(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, "scripts/local-cluster", args);
    }

    private static Result run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
        command.addAll(List.of(args));
        // Output to a file, not a pipe: nothing the script leaves running may hold our pipe open.
        Path output = Files.createTempFile("local-cluster-script-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + uiPort + path))
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private static List<Long> clusterJvms() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> {
                String commandLine = commandLine(p);
                return commandLine.contains(MAIN_CLASS) && commandLine.contains(dir.toString());
            }).map(ProcessHandle::pid).toList();
        }
    }

    private static List<String> processesMentioning(String text) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> commandLine(p).contains(text))
                    .map(p -> p.pid() + " " + commandLine(p))
                    .toList();
        }
    }

    /**
     * ProcessHandle.Info gives no command line at all for long ones, such as the cluster JVM's
     * with its classpath, so on Linux read /proc directly.
     */
    private static String commandLine(ProcessHandle process) {
        Path procCmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(procCmdline)) {
                return new String(Files.readAllBytes(procCmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // The process ended meanwhile; fall through.
        }
        return process.info().commandLine().orElse("");
    }

    /** From the weft.root system property the parent pom sets, else upwards from the working dir. */
    private static Path repositoryRoot() {
        String property = System.getProperty("weft.root");
        if (property != null && Files.isRegularFile(Path.of(property, "scripts/local-cluster"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/local-cluster"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the repository root (weft.root=" + property + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
