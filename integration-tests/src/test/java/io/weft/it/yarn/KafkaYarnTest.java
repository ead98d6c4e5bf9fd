package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.it.MiniYarn;
import io.weft.it.SharedYarn;
import io.weft.it.yarn.jobs.KafkaCountJob;
import io.weft.it.yarn.jobs.KafkaUnevenCopyJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.SignalContainerCommand;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka in and out on YARN, exactly once: a keyed job reads a topic of {@value #N} records over 4
 * partitions and writes a running count per key through the transactional sink; a TaskManager is
 * killed twice and then the ApplicationMaster while it runs. A read_committed consumer must then
 * see, for every key, each count 1..n exactly once, with the n adding up to {@value #N}. The job
 * jar carries the connector, as a user's fat jar does.
 */
class KafkaYarnTest {
  private static final int N = 2_000; // at 40 ms a record and p=2, about 40 s: room for three kills
  private static final int KEYS = 6;

  @RegisterExtension static final SharedYarn YARN = SharedYarn.standard();
  @TempDir static Path dir;
  private static KafkaBrokerProcess broker;
  private static MiniYarn clusters;
  private static YarnClient client;
  private static Path jobJar;

  @BeforeAll
  static void start() throws Exception {
    broker = new KafkaBrokerProcess();
    clusters = YARN.clusters(); // allows the 3 ApplicationMaster attempts the kill test asks
    client = clusters.client();
    jobJar = fatJobJar();
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /** The test jobs plus the connector and kafka-clients, one jar. */
  private static Path fatJobJar() throws Exception {
    Path jar = dir.resolve("kafka-job.jar");
    Set<String> seen = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> c : List.of(KafkaCountJob.class, KafkaSource.class, KafkaProducer.class)) {
        Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        String only = c == KafkaCountJob.class ? "io/weft/it/yarn/jobs/" : "";
        if (Files.isDirectory(from)) {
          try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
              String name = from.relativize(f).toString().replace('\\', '/');
              if (name.startsWith(only) && seen.add(name)) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
              }
            }
          }
        } else {
          try (JarFile in = new JarFile(from.toFile())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
              if (!e.isDirectory() && !e.getName().startsWith("META-INF/") && seen.add(e.getName())) {
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                  data.transferTo(out);
                }
                out.closeEntry();
              }
            }
          }
        }
      }
    }
    return jar;
  }

  @Test
  void runningCountsSurviveAKilledTaskManagerAndApplicationMasterExactlyOnce() throws Exception {
    createAndFill("events", "counts");
    String checkpoints = clusters.fs().getUri() + "/checkpoints";
    CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run", "-m",
        "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "execution.checkpointing.interval=500ms", "-yD", "state.checkpoints.dir=" + checkpoints,
        "-yD", "restart-strategy.fixed-delay.delay=200ms", "-yD", "yarn.application-attempts=3",
        "-c", KafkaCountJob.class.getName(), jobJar.toString(), broker.bootstrapServers(), "events", "counts"));
    ApplicationId id;
    try {
      id = clusters.awaitSubmitted(run);
      // Kill a TaskManager once some counts are committed: the job is mid-stream with state to resume.
      Await.until("counts were committed while the job ran", Duration.ofSeconds(180),
          () -> !readCommitted("counts").isEmpty() || run.isDone());
      assertTrue(!readCommitted("counts").isEmpty() && !run.isDone(), "counts were committed while the job ran");
      ContainerId am = client.getApplicationAttemptReport(
          client.getApplicationReport(id).getCurrentApplicationAttemptId()).getAMContainerId();
      // Twice: a TaskManager, then (once the recovered job committed more) a TaskManager again,
      // which may be the first one's replacement.
      for (int kill = 1; kill <= 2; kill++) {
        ContainerId taskManager = null;
        for (ContainerReport c : client.getContainers(client.getApplicationReport(id).getCurrentApplicationAttemptId())) {
          if (!c.getContainerId().equals(am) && c.getContainerState() == ContainerState.RUNNING) {
            taskManager = c.getContainerId();
          }
        }
        assertTrue(taskManager != null, "a TaskManager container runs");
        System.out.println("Killing TaskManager container " + taskManager + " (kill " + kill + " of 2)");
        client.signalToContainer(taskManager, SignalContainerCommand.FORCEFUL_SHUTDOWN);
        // The signal is asynchronous: until the container is gone, checkpoints (and commits) go on as before.
        ContainerId killed = taskManager;
        Await.until("the killed TaskManager " + killed + " is gone", Duration.ofSeconds(120),
            () -> client.getContainers(client.getApplicationReport(id).getCurrentApplicationAttemptId()).stream()
                .noneMatch(c -> c.getContainerId().equals(killed) && c.getContainerState() == ContainerState.RUNNING));

        int before = readCommitted("counts").size();
        Await.until("the recovered job committed more counts after kill " + kill, Duration.ofSeconds(180),
            () -> readCommitted("counts").size() > before + KEYS || run.isDone());
        assertTrue(readCommitted("counts").size() > before + KEYS && !run.isDone(),
            "the recovered job committed more counts after kill " + kill);
      }
      // Then the ApplicationMaster: attempt 2 resumes the job.
      System.out.println("Killing the ApplicationMaster container " + am);
      client.signalToContainer(am, SignalContainerCommand.FORCEFUL_SHUTDOWN);

      MiniYarn.Result result = run.get(300, TimeUnit.SECONDS);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      ApplicationReport report = client.getApplicationReport(id);
      assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
      assertTrue(report.getDiagnostics().contains("application attempt 2"),
          "the second ApplicationMaster attempt finished the job: " + report.getDiagnostics());
    } finally {
      clusters.killRunningApplications();
    }

    assertEveryCountOnce("counts", id);
  }

  @Test
  void stoppedWithASavepointAndResumedAtAnotherParallelismEveryCountIsCommittedOnce() throws Exception {
    createAndFill("events-sp", "counts-sp");
    String[] common = {"-yjm", "768", "-ytm", "1024", "-ys", "2",
        "-yD", "execution.checkpointing.interval=500ms", "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints"};
    String[] job = {"-c", KafkaCountJob.class.getName(), jobJar.toString(), broker.bootstrapServers(), "events-sp",
        "counts-sp"};
    MiniYarn.Result submitted = clusters.weft(concat(new String[] {"run", "-m", "yarn-cluster", "-d", "-yp", "2"},
        common, job));
    assertEquals(0, submitted.exitCode(), submitted.out() + submitted.err());
    ApplicationId first = MiniYarn.applicationId(submitted.out());
    Await.until("counts were committed while the job ran", Duration.ofSeconds(180),
        () -> !readCommitted("counts-sp").isEmpty());
    MiniYarn.Result stop = clusters.weft("stop", "--savepointPath", clusters.fs().getUri() + "/savepoints",
        first.toString());
    assertEquals(0, stop.exitCode(), stop.out() + stop.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Savepoint completed: (\\S+)").matcher(stop.out());
    assertTrue(m.find(), "the output names the savepoint: " + stop.out());
    int atStop = readCommitted("counts-sp").size();
    assertTrue(atStop > 0 && atStop < N, "stopped mid-stream: " + atStop + " counts committed");

    MiniYarn.Result resumed = clusters.weft(concat(new String[] {"run", "-m", "yarn-cluster", "-yp", "3", "-s",
        m.group(1)}, common, job));
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    assertEveryCountOnce("counts-sp", first, MiniYarn.applicationId(resumed.out()));
  }

  /**
   * One subtask's input ends long before the other's, which then fails once. With checkpoints
   * after tasks finish (Flink's default), the ended subtask waits for the final checkpoint to
   * commit its last transaction, and the restart restores a checkpoint taken after its end: every
   * input line is in the output exactly once. (Committing at the end of input instead, the restart
   * from a checkpoint before that end wrote the short partition's lines twice.)
   */
  @Test
  void aSubtaskWhoseInputEndedCommitsOnceThoughAnotherFailsAfterwards() throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic("uneven", 2, (short) 1), new NewTopic("uneven-copy", 2, (short) 1)))
          .all().get();
      Await.until("the topics' partitions got a leader", Duration.ofSeconds(30),
          () -> admin.describeTopics(List.of("uneven", "uneven-copy")).allTopicNames().get().values().stream()
              .flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && p.leader().id() >= 0));
    }
    List<String> expected = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>("uneven", 0, null, "S" + i));
        expected.add("S" + i);
      }
      for (int i = 0; i < 400; i++) {
        producer.send(new ProducerRecord<>("uneven", 1, null, "L" + i));
        expected.add("L" + i);
      }
    }
    String markers = clusters.fs().getUri() + "/uneven-markers";
    MiniYarn.Result result = clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
        "-yp", "2", "-yD", "execution.checkpointing.interval=300ms",
        "-yD", "state.checkpoints.dir=" + clusters.fs().getUri() + "/checkpoints",
        "-yD", "restart-strategy.fixed-delay.delay=200ms",
        "-c", KafkaUnevenCopyJob.class.getName(), jobJar.toString(), broker.bootstrapServers(), "uneven", "uneven-copy",
        markers);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(clusters.fs().exists(new org.apache.hadoop.fs.Path(markers, "failed-at-L200")),
        "the planned failure happened");
    try (Admin admin = Admin.create(kafka)) {
      Await.until("every transaction on uneven-copy is decided (last stable offset = high watermark)",
          Duration.ofSeconds(120), () -> offsets(admin, "uneven-copy", true).equals(offsets(admin, "uneven-copy", false)));
    }
    Map<String, Integer> copies = new java.util.TreeMap<>();
    readCommitted("uneven-copy").forEach(line -> copies.merge(line, 1, Integer::sum));
    ApplicationId id = MiniYarn.applicationId(result.out());
    assertEquals(List.of(), copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(),
        () -> "lines committed more than once" + howItWent(id));
    assertEquals(List.of(), expected.stream().filter(line -> !copies.containsKey(line)).toList(),
        () -> "lines lost" + howItWent(id));
    assertEquals(new HashSet<>(expected), copies.keySet(), "nothing but the input's lines");
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  /** The input topic with N records over 4 partitions, and the empty output topic. */
  private static void createAndFill(String events, String counts) throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(events, 4, (short) 1), new NewTopic(counts, 2, (short) 1))).all().get();
      // Produce only once the broker leads every partition (see KafkaTestBroker.createTopic).
      Await.until("the topics' partitions got a leader", Duration.ofSeconds(30),
          () -> admin.describeTopics(List.of(events, counts)).allTopicNames().get().values().stream()
              .flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && p.leader().id() >= 0));
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < N; i++) {
        producer.send(new ProducerRecord<>(events, i % 4, null, "k" + (i % KEYS)));
      }
    }
  }

  /**
   * For every key, each count 1..n exactly once in {@code topic}, and the n adding up to N. Read once
   * every transaction on it is decided: the broker writes a commit's markers after the producer's
   * commit returned, so right after the job ended the last stable offset, up to which read_committed
   * reads, may still stand at the first record of the last transactions.
   */
  private static void assertEveryCountOnce(String topic, ApplicationId... apps) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      Await.until("every transaction on " + topic + " is decided (last stable offset = high watermark)",
          Duration.ofSeconds(120), () -> offsets(admin, topic, true).equals(offsets(admin, topic, false)));
    }
    Map<String, List<Long>> countsByKey = new HashMap<>();
    for (String line : readCommitted(topic)) {
      String[] kv = line.split(",");
      countsByKey.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1]));
    }
    long total = 0;
    for (Map.Entry<String, List<Long>> e : countsByKey.entrySet()) {
      List<Long> counts = new ArrayList<>(e.getValue());
      counts.sort(null);
      List<Long> expected = new ArrayList<>();
      for (long c = 1; c <= counts.size(); c++) {
        expected.add(c);
      }
      assertEquals(expected, counts, () -> "key " + e.getKey() + ": each count 1..n exactly once" + howItWent(apps));
      total += counts.size();
    }
    assertEquals(KEYS, countsByKey.size());
    assertEquals(N, total, () -> "the final counts add up to the records read; the last counts per key: "
        + countsByKey.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).sorted().toList()
        + howItWent(apps));
  }

  /** The applications' log lines on checkpoints, commits, restores, ends and failures, for a failed check. */
  private static String howItWent(ApplicationId... apps) {
    java.util.regex.Pattern events = java.util.regex.Pattern.compile(
        "ERROR|WARN|KafkaSink|Kafka source|[Cc]heckpoint \\d+ .*(completed|failed|abandoned)|final checkpoint"
            + "|Deploying execution attempt|end of its input|is (FAILED|FINISHED|CANCELED)|Canceling|ended SUCCEEDED");
    StringBuilder out = new StringBuilder();
    for (ApplicationId id : apps) {
      out.append("\n--- ").append(id).append(":\n").append(clusters.logLines(id, l -> events.matcher(l).find(), 300));
    }
    return out.toString();
  }

  /** Each output partition's last stable offset ({@code stable}) or high watermark. */
  private static Map<TopicPartition, Long> offsets(Admin admin, String topic, boolean stable) throws Exception {
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = Map.of(
        new TopicPartition(topic, 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
        new TopicPartition(topic, 1), org.apache.kafka.clients.admin.OffsetSpec.latest());
    org.apache.kafka.clients.admin.ListOffsetsOptions options = new org.apache.kafka.clients.admin.ListOffsetsOptions(
        stable ? org.apache.kafka.common.IsolationLevel.READ_COMMITTED : org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED);
    Map<TopicPartition, Long> result = new HashMap<>();
    admin.listOffsets(latest, options).all().get().forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  /** Every committed line of {@code topic}, read up to its last stable offset. */
  private static List<String> readCommitted(String topic) throws IOException {
    Map<String, Object> conf = Map.of("bootstrap.servers", broker.bootstrapServers(), "isolation.level", "read_committed");
    List<String> lines = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(conf, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Await.until("read " + topic + " up to its last stable offset " + end, Duration.ofSeconds(30), () -> {
        if (partitions.stream().noneMatch(tp -> consumer.position(tp) < end.get(tp))) {
          return true;
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          lines.add(r.value());
        }
        return false;
      });
    }
    return lines;
  }
}
