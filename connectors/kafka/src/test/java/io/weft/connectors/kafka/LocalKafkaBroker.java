package io.weft.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker of {@code scripts/local-cluster start --kafka}: a {@link KafkaTestBroker} (a
 * real single-node KRaft broker) that writes its address to a file and runs until the JVM is
 * told to stop (SIGTERM), which closes it and deletes its data. Test code on purpose: it is a
 * development tool, and keeps Kafka's server classes out of what jobs depend on.
 *
 * <p>Usage: {@code LocalKafkaBroker --address-file FILE}; the file gets one line,
 * {@code bootstrap.servers=host:port}, written once the broker serves (renamed into place, so a
 * reader never sees half of it).
 */
public final class LocalKafkaBroker {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

  private LocalKafkaBroker() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--address-file")) {
      System.err.println("Usage: LocalKafkaBroker --address-file FILE");
      System.exit(2);
    }
    Path addressFile = Path.of(args[1]);
    KafkaTestBroker broker = new KafkaTestBroker();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping the Kafka broker at {}", broker.bootstrapServers());
      try {
        broker.close();
        Files.deleteIfExists(addressFile);
      } catch (Exception e) {
        LOG.warn("Stopping the Kafka broker failed", e);
      } finally {
        stopped.countDown();
      }
    }, "local-kafka-broker-stop"));
    Path partial = addressFile.resolveSibling(addressFile.getFileName() + ".partial");
    Files.writeString(partial, "bootstrap.servers=" + broker.bootstrapServers() + "\n", StandardCharsets.UTF_8);
    Files.move(partial, addressFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("Kafka broker (KRaft, single node) serves at {}", broker.bootstrapServers());
    stopped.await();
  }
}
