package io.weft.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.SubtaskInfo;
import io.weft.connectors.kafka.serialization.KafkaRecordDeserializationSchema;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.connectors.kafka.source.OffsetsInitializer;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink against a real broker, run as local jobs; and both ends shipped in a plan. */
@Timeout(300) // a hang guard: the waits inside allow a loaded machine up to Await.DEFAULT each
class KafkaSinkTest {
  private static KafkaTestBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    broker = new KafkaTestBroker();
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private static KafkaSink<String> sink(String topic, DeliveryGuarantee guarantee) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly(topic, new SimpleStringSchema()))
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix("sink-test-" + topic)
        .build();
  }

  @Test
  void atLeastOnceAndExactlyOnceJobsWriteEveryRecord() throws Exception {
    for (DeliveryGuarantee guarantee : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
      String topic = "out-" + guarantee.name().toLowerCase();
      broker.createTopic(topic, 2);
      Configuration conf = new Configuration();
      conf.set(CheckpointOptions.INTERVAL, Duration.ofMillis(100));
      conf.set(CheckpointOptions.DIRECTORY, tmp.resolve(topic).toUri().toString());
      StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(2);
      env.fromSequence(0, 299).map(i -> {
        Thread.sleep(2); // about a second: several checkpoints complete while the job runs
        return "n" + i;
      }).returns(String.class).sinkTo(sink(topic, guarantee));
      env.execute("kafka sink " + guarantee);
      // readAll waits until the job's last transactions are decided (their markers are written a
      // moment after the producer's commit returned).
      List<String> got = new ArrayList<>(broker.readAll(topic, "read_committed"));
      got.sort(null);
      List<String> expected = new ArrayList<>(IntStream.range(0, 300).mapToObj(i -> "n" + i).toList());
      expected.sort(null);
      assertEquals(expected, got, guarantee.name());
    }
  }

  @Test
  void aTransactionTimeoutNotAboveTheCheckpointIntervalIsRefused() {
    KafkaSink<String> sink = KafkaSink.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly("t", new SimpleStringSchema()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("timeout-test")
        .setProperty("transaction.timeout.ms", "30000")
        .build();
    Configuration conf = new Configuration();
    conf.set(CheckpointOptions.INTERVAL, Duration.ofMinutes(1));
    SubtaskInfo subtask = new SubtaskInfo() {
      @Override
      public int subtaskIndex() {
        return 0;
      }

      @Override
      public int parallelism() {
        return 1;
      }

      @Override
      public Configuration configuration() {
        return conf;
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sink.createWriter(subtask));
    assertTrue(e.getMessage().contains("transaction.timeout.ms (30000 ms) must be longer than "
        + "execution.checkpointing.interval (60000 ms)"), e.getMessage());
  }

  @Test
  void aTransactionFencedByANewerProducerFailsTheJobNamingThePrefix() throws Exception {
    broker.createTopic("fenced", 1);
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    // Paced and long: the job is still writing into its first transaction when it is fenced.
    env.fromSource(new io.weft.api.source.GeneratorSource<>(i -> "f" + i, 1_000_000, 200), "numbers")
        .returns(String.class).sinkTo(sink("fenced", DeliveryGuarantee.EXACTLY_ONCE));
    io.weft.api.environment.JobClient job = env.executeAsync("fenced");
    try {
      Await.until("the job wrote into its transaction", Await.DEFAULT,
          () -> !broker.readAll("fenced", "read_uncommitted").isEmpty());
      try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> intruder = new org.apache.kafka.clients.producer.KafkaProducer<>(
          java.util.Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id", "sink-test-fenced-0-0"),
          new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        intruder.initTransactions(); // a newer producer of the job's transactional.id fences the job's
      }
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS));
      String messages = KafkaSourceTest.messages(e);
      assertTrue(messages.contains("fenced by a newer producer") && messages.contains("'sink-test-fenced'"), messages);
    } finally {
      job.cancel();
    }
  }

  /**
   * A transaction opened under the sink's prefix after the sink looked for lingering ones (as a task
   * of an earlier execution that was still ending may do), under a number the job never reaches, is
   * aborted at the end of the input: left open, it would hold read_committed readers at its first
   * record until the broker's transaction timeout (60 s), as KafkaYarnTest once saw.
   */
  private static final java.util.concurrent.CountDownLatch STRAY_OPEN = new java.util.concurrent.CountDownLatch(1);

  @Test
  void aStrayTransactionUnderThePrefixIsAbortedAtTheEndOfTheInput() throws Exception {
    broker.createTopic("stray", 1);
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    // Half the records, then a wait until the stray transaction is open: the job writes on after its record.
    env.fromSource(new io.weft.api.source.GeneratorSource<>(i -> {
      if (i == 500) {
        STRAY_OPEN.await(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      return "s" + i;
    }, 1_000), "numbers").returns(String.class).sinkTo(sink("stray", DeliveryGuarantee.EXACTLY_ONCE));
    io.weft.api.environment.JobClient job = env.executeAsync("stray");
    try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> stray = new org.apache.kafka.clients.producer.KafkaProducer<>(
        java.util.Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id", "sink-test-stray-0-1000"),
        new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      Await.until("the job wrote into its transaction", Await.DEFAULT,
          () -> !broker.readAll("stray", "read_uncommitted").isEmpty());
      stray.initTransactions();
      stray.beginTransaction();
      stray.send(new org.apache.kafka.clients.producer.ProducerRecord<>("stray", "stray".getBytes(StandardCharsets.UTF_8)))
          .get();
      STRAY_OPEN.countDown();
      job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
      List<String> written = broker.readAll("stray", "read_uncommitted");
      assertTrue(written.indexOf("stray") < written.size() - 100,
          "the job wrote on after the stray record, which an open stray transaction would hide: " + written);
      // readAll waits until no transaction on the topic is open: the stray one must have been aborted
      // at the end of the input, well within the 60 s after which the broker would abort it anyway.
      List<String> got = broker.readAll("stray", "read_committed");
      assertEquals(1_000, got.size(), got.toString());
      assertTrue(!got.contains("stray"), "the stray transaction was aborted, not committed");
    } finally {
      STRAY_OPEN.countDown();
      job.cancel();
    }
  }

  @Test
  void exactlyOnceNeedsATransactionalIdPrefix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaSink.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly("t", new SimpleStringSchema()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .build());
    assertTrue(e.getMessage().contains("setTransactionalIdPrefix"), e.getMessage());
  }

  @Test
  void sourceAndSinkSurviveThePlanFileCopyAndStillWork() throws Exception {
    broker.createTopic("plan-in", 2);
    broker.createTopic("plan-out", 2);
    broker.produce("plan-in", 2, List.of("a", "b", "c", "d"));
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopicPattern(Pattern.compile("plan-i.*"))
        .setGroupId("plan")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetsInitializer.ResetStrategy.EARLIEST))
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new SimpleStringSchema()))
        .setWatermarkStrategy(io.weft.api.eventtime.WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(1))
            .withIdleness(Duration.ofSeconds(5)))
        .setBounded()
        .build();
    KafkaSink<String> sink = sink("plan-out", DeliveryGuarantee.EXACTLY_ONCE);
    StreamEnvironment planned = StreamEnvironment.createLocalEnvironment(2);
    planned.fromSource(source, "kafka").returns(String.class).sinkTo(sink);
    JobGraph copy = PlanFile.copy(planned.buildJobGraph("plan copy"), getClass().getClassLoader());
    assertNotNull(copy);
    // -m local ships the plan through the same copy: the job runs on the copied source and sink.
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSource(source, "kafka").returns(String.class).sinkTo(sink);
    env.execute("plan copy");
    List<String> got = new ArrayList<>(broker.readAll("plan-out", "read_committed"));
    got.sort(null);
    assertEquals(List.of("a", "b", "c", "d"), got);
  }

  @Test
  void keysHeadersAndTimestampsReachARecordDeserializer() throws Exception {
    broker.createTopic("full", 1);
    broker.produce("full", 1, List.of("x", "y"));
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("full")
        .setDeserializer(r -> new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8)
            + "@" + r.timestamp() + "/" + r.topic() + "-" + r.partition() + ":" + r.offset())
        .setBounded()
        .build();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    io.weft.api.sink.CollectSink<String> out = new io.weft.api.sink.CollectSink<>();
    env.fromSource(source, "kafka").returns(String.class).sinkTo(out);
    env.execute("record deserializer");
    assertEquals(List.of("k0=x@1000/full-0:0", "k1=y@1001/full-0:1"), out.results());
  }
}
