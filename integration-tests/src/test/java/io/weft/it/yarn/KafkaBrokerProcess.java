package io.weft.it.yarn;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real KRaft broker in its own JVM: the connector's test broker ({@code KafkaTestBroker.main}) on
 * the classpath the connector's build wrote, because the broker needs a newer jackson than the
 * Hadoop mini clusters in this JVM tolerate. Closing its standard input stops it (it deletes its
 * directories); {@link #close} does that and waits.
 */
final class KafkaBrokerProcess implements AutoCloseable {
  private final Process process;
  private final String bootstrapServers;

  KafkaBrokerProcess() throws Exception {
    Path connector = Path.of(System.getProperty("weft.root"), "connectors", "kafka", "target");
    if (!Files.exists(connector.resolve("broker-classpath.txt"))) {
      throw new IllegalStateException(connector.resolve("broker-classpath.txt") + " is missing: build the Kafka "
          + "connector's tests in the same run (mvn -pl integration-tests -am ...)");
    }
    String classpath = connector.resolve("test-classes") + java.io.File.pathSeparator
        + Files.readString(connector.resolve("broker-classpath.txt")).trim();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-cp", classpath,
        "io.weft.connectors.kafka.KafkaTestBroker"))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String servers = null;
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("bootstrap.servers=")) {
        servers = line.substring("bootstrap.servers=".length());
        break;
      }
    }
    if (servers == null) {
      process.destroyForcibly();
      throw new IllegalStateException("the Kafka broker process ended without an address");
    }
    bootstrapServers = servers;
    // Keep draining its output so it never blocks on a full pipe.
    Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "kafka-broker-output");
    drain.setDaemon(true);
    drain.start();
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
