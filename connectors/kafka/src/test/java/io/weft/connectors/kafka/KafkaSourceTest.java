package io.weft.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Await;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.sink.CollectSink;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.connectors.kafka.source.OffsetsInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Kafka source against a real broker, run as a local job. */
@Timeout(300) // a hang guard: the waits inside allow a loaded machine up to Await.DEFAULT each
class KafkaSourceTest {
  private static KafkaTestBroker broker;

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

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

  /** Appends each element's event time: produced with timestamp 1000 + i, it must arrive as that. */
  static final class WithTimestamp extends ProcessFunction<String, String> {
    @Override
    public void processElement(String value, Context ctx, io.weft.api.functions.Collector<String> out) {
      out.collect(value + "@" + ctx.timestamp());
    }
  }

  private static List<String> values(int n) {
    return IntStream.range(0, n).mapToObj(i -> "v" + i).toList();
  }

  @Test
  void boundedSourceAtParallelismTwoReadsFourPartitionsOnceWithEventTime() throws Exception {
    broker.createTopic("clicks", 4);
    broker.produce("clicks", 4, values(200));
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("clicks")
        .setGroupId("readers")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setBounded()
        .build();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<String> sink = new CollectSink<>();
    env.fromSource(source, "kafka").returns(String.class)
        .process(new WithTimestamp()).returns(String.class)
        .sinkTo(sink).setParallelism(1);
    env.execute("kafka read");
    List<String> got = new ArrayList<>(sink.results());
    List<String> expected = IntStream.range(0, 200).mapToObj(i -> "v" + i + "@" + (1000 + i)).toList();
    got.sort(null);
    List<String> sortedExpected = new ArrayList<>(expected);
    sortedExpected.sort(null);
    assertEquals(sortedExpected, got);
  }

  @Test
  void completedCheckpointsCommitOffsetsToTheGroupForLagTools() throws Exception {
    broker.createTopic("lag", 2);
    broker.produce("lag", 2, values(300));
    io.weft.core.config.Configuration conf = new io.weft.core.config.Configuration();
    conf.set(io.weft.core.config.CheckpointOptions.INTERVAL, Duration.ofMillis(50));
    conf.set(io.weft.core.config.CheckpointOptions.DIRECTORY, tmp.resolve("chk").toUri().toString());
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("lag")
        .setGroupId("lag-watchers")
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setProperty("max.poll.records", "10")
        .setBounded()
        .build();
    env.fromSource(source, "kafka").returns(String.class)
        .map(v -> {
          Thread.sleep(2); // under a second: several checkpoints complete while the job reads
          return v;
        }).returns(String.class)
        .sinkTo(new CollectSink<>());
    env.execute("lag");
    try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
      java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("lag-watchers").partitionsToOffsetAndMetadata().get();
      assertEquals(2, committed.size(), "both partitions have a committed offset: " + committed);
      long sum = committed.values().stream().mapToLong(o -> o.offset()).sum();
      assertTrue(sum > 0 && sum <= 300, "offsets of a completed checkpoint: " + committed);
    }
  }

  @Test
  void partitionDiscoveryPicksUpPartitionsAddedWhileRunning() throws Exception {
    broker.createTopic("growing", 1);
    broker.produce("growing", 1, List.of("first"));
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("growing")
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setPartitionDiscoveryInterval(Duration.ofMillis(200))
        .build();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    CollectSink<String> sink = new CollectSink<>();
    env.fromSource(source, "kafka").returns(String.class).sinkTo(sink).setParallelism(1);
    io.weft.api.environment.JobClient job = env.executeAsync("discovery");
    try {
      Await.until("the first partition was read", Await.DEFAULT, () -> sink.results().contains("first"));
      try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
        admin.createPartitions(java.util.Map.of("growing", org.apache.kafka.clients.admin.NewPartitions.increaseTo(4)))
            .all().get();
      }
      try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
          java.util.Map.of("bootstrap.servers", broker.bootstrapServers()),
          new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
        for (int p = 1; p < 4; p++) {
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("growing", p, null, "p" + p)).get();
        }
      }
      Await.until("the new partitions were discovered and read from their start", Await.DEFAULT,
          () -> sink.results().size() == 4);
      List<String> got = new ArrayList<>(sink.results());
      got.sort(null);
      assertEquals(List.of("first", "p1", "p2", "p3"), got);
    } finally {
      job.cancel();
      try {
        job.getJobExecutionResult().get(120, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException expected) {
        // cancelled
      }
    }
  }

  @Test
  void aBoundedReaderTellsItsProgressAndEndsAtTheOffsetsItStartedWith() throws Exception {
    broker.createTopic("progress", 2);
    broker.produce("progress", 2, values(40));
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("progress")
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setProperty("max.poll.records", "5")
        .setBounded()
        .build();
    List<String> read = new ArrayList<>();
    List<Double> progress = new ArrayList<>();
    try (io.weft.api.source.SourceReader<String> reader = source.createReader(ONLY_SUBTASK)) {
      assertEquals(-1.0, reader.progress(), "nothing to measure before the first poll");
      io.weft.api.source.ReaderOutput<String> out = collectInto(read);
      Await.until("the bounded reader ended", () -> {
        if (reader.pollNext(out) == io.weft.api.source.InputStatus.END_OF_INPUT) {
          return true;
        }
        progress.add(reader.progress());
        return false;
      });
      broker.produce("progress", 2, values(10)); // after the start: beyond its stopping offsets
      assertEquals(io.weft.api.source.InputStatus.END_OF_INPUT, reader.pollNext(out));
      assertEquals(1.0, reader.progress());
    }
    assertEquals(40, read.size());
    for (int i = 1; i < progress.size(); i++) {
      assertTrue(progress.get(i) >= progress.get(i - 1) && progress.get(i) <= 1.0, "progress grows: " + progress);
    }
  }

  @Test
  void startingOffsetsEarliestLatestTimestampExplicitAndCommitted() throws Exception {
    broker.createTopic("starts", 1);
    broker.produce("starts", 1, values(10)); // timestamps 1000..1009
    org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("starts", 0);
    try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
      admin.alterConsumerGroupOffsets("had-read-four",
          java.util.Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(4))).all().get();
    }
    assertEquals(values(10), readBounded("any", OffsetsInitializer.earliest()));
    assertEquals(List.of(), readBounded("any", OffsetsInitializer.latest()));
    assertEquals(List.of("v5", "v6", "v7", "v8", "v9"), readBounded("any", OffsetsInitializer.timestamp(1005)));
    assertEquals(List.of("v7", "v8", "v9"), readBounded("any", OffsetsInitializer.offsets(java.util.Map.of(tp, 7L))));
    assertEquals(List.of("v4", "v5", "v6", "v7", "v8", "v9"),
        readBounded("had-read-four", OffsetsInitializer.committedOffsets()));
    assertEquals(List.of(), readBounded("never-read",
        OffsetsInitializer.committedOffsets(OffsetsInitializer.ResetStrategy.LATEST)));
    Exception e = assertThrows(Exception.class, () -> readBounded("never-read", OffsetsInitializer.committedOffsets()));
    assertTrue(messages(e).contains("no committed offset for [starts-0]"), messages(e));
  }

  /** What one bounded reader of topic "starts" emits, run by hand to its end. */
  private static List<String> readBounded(String group, OffsetsInitializer starts) throws Exception {
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("starts")
        .setGroupId(group)
        .setStartingOffsets(starts)
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setBounded()
        .build();
    List<String> read = new ArrayList<>();
    try (io.weft.api.source.SourceReader<String> reader = source.createReader(ONLY_SUBTASK)) {
      Await.until("the bounded reader ended",
          () -> reader.pollNext(collectInto(read)) == io.weft.api.source.InputStatus.END_OF_INPUT);
    }
    return read;
  }

  private static final io.weft.api.functions.SubtaskInfo ONLY_SUBTASK = new io.weft.api.functions.SubtaskInfo() {
    @Override
    public int subtaskIndex() {
      return 0;
    }

    @Override
    public int parallelism() {
      return 1;
    }

    @Override
    public io.weft.core.config.Configuration configuration() {
      return new io.weft.core.config.Configuration();
    }
  };

  private static io.weft.api.source.ReaderOutput<String> collectInto(List<String> read) {
    return new io.weft.api.source.ReaderOutput<>() {
      @Override
      public void collect(String value) {
        read.add(value);
      }

      @Override
      public void collect(String value, long timestamp) {
        read.add(value);
      }
    };
  }

  @Test
  void watermarksArePerPartitionAndIdlePartitionsAreLeftOut() throws Exception {
    broker.createTopic("wm", 2);
    // Partition 0: timestamps 1000..1009 (produce writes i % 2 == 0 there); partition 1: 1001..1009 odd.
    broker.produce("wm", 2, values(10));
    List<Long> watermarks = new java.util.concurrent.CopyOnWriteArrayList<>();
    KafkaSource<String> both = watermarked("wm", io.weft.api.eventtime.WatermarkStrategy.forMonotonousTimestamps());
    pollUntil(both, watermarks, () -> watermarks.contains(1007L));
    // Partition 0's highest is 1008, partition 1's 1009: the subtask's watermark is the lower, minus 1 ms.
    assertEquals(1007L, watermarks.stream().mapToLong(Long::longValue).max().getAsLong(), "never above: " + watermarks);

    broker.createTopic("wm-idle", 2);
    List<Long> idleAware = new java.util.concurrent.CopyOnWriteArrayList<>();
    KafkaSource<String> idle = watermarked("wm-idle", io.weft.api.eventtime.WatermarkStrategy
        .<String>forMonotonousTimestamps().withIdleness(Duration.ofMillis(300)));
    // Partition 0 keeps getting records (timestamps from 1000 up); partition 1 gets none. Without
    // idleness the empty partition would hold the watermark at its start for ever; idle, it is left out.
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread feeder = new Thread(() -> {
      try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
          java.util.Map.of("bootstrap.servers", broker.bootstrapServers()),
          new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
        for (long i = 0; i < 2_400 && !stop.get(); i++) { // at most 2 min, as long as the wait
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("wm-idle", 0, 1000 + i, null, "x" + i));
          producer.flush();
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "wm-idle-feeder");
    feeder.start();
    try {
      pollUntil(idle, idleAware, () -> idleAware.stream().anyMatch(w -> w >= 1000));
    } finally {
      stop.set(true);
      feeder.join(10_000);
    }
  }

  @Test
  void theSourcesOwnWatermarksFireEventTimeWindowsWhileTheJobRuns() throws Exception {
    broker.createTopic("wm-window", 1);
    List<String> clicks = new ArrayList<>(values(10)); // timestamps 1000..1009
    broker.produce("wm-window", 1, clicks);
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
        java.util.Map.of("bootstrap.servers", broker.bootstrapServers()),
        new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("wm-window", 0, 5_000L, null, "later")).get();
    }
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    CollectSink<String> sink = new CollectSink<>();
    env.fromSource(watermarked("wm-window", io.weft.api.eventtime.WatermarkStrategy.forMonotonousTimestamps()), "kafka")
        .returns(String.class)
        .map(v -> 1L).returns(Long.class)
        .keyBy(v -> "all", io.weft.core.types.TypeInfo.of(String.class))
        .window(io.weft.api.windowing.assigners.TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
        .reduce(Long::sum)
        .map(String::valueOf).returns(String.class)
        .sinkTo(sink);
    io.weft.api.environment.JobClient job = env.executeAsync("source watermarks");
    try {
      // The unbounded job never ends: only the source's watermark (4999 after "later") fires [1000, 2000).
      Await.until("the window fired", Await.DEFAULT, () -> !sink.results().isEmpty());
      assertEquals(List.of("10"), sink.results());
    } finally {
      job.cancel();
      try {
        job.getJobExecutionResult().get(120, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException expected) {
        // cancelled
      }
    }
  }

  private static KafkaSource<String> watermarked(String topic, io.weft.api.eventtime.WatermarkStrategy<String> strategy) {
    return KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics(topic)
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setWatermarkStrategy(strategy)
        .build(); // unbounded: it runs until the condition holds
  }

  /** Polls one unbounded reader of {@code source} until {@code done}, noting the watermarks it emits. */
  private static void pollUntil(KafkaSource<String> source, List<Long> watermarks, java.util.function.BooleanSupplier done)
      throws Exception {
    io.weft.api.source.ReaderOutput<String> out = new io.weft.api.source.ReaderOutput<>() {
      @Override
      public void collect(String value) {}

      @Override
      public void collect(String value, long timestamp) {}

      @Override
      public void emitWatermark(long timestamp) {
        watermarks.add(timestamp);
      }

      @Override
      public void markIdle() {}
    };
    try (io.weft.api.source.SourceReader<String> reader = source.createReader(ONLY_SUBTASK)) {
      Await.until("the expected watermarks came", () -> {
        reader.pollNext(out);
        return done.getAsBoolean();
      });
    }
  }

  @Test
  void aMissingTopicIsAClearError() {
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("no-such-topic")
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setBounded()
        .build();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSource(source, "kafka").returns(String.class).sinkTo(new CollectSink<>());
    Exception e = assertThrows(Exception.class, () -> env.execute("missing topic"));
    assertTrue(messages(e).contains("Kafka topic 'no-such-topic' does not exist on " + broker.bootstrapServers()),
        messages(e));
  }

  @Test
  void anUnreachableBrokerIsAClearErrorNamingItAndTheTimeout() {
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers("127.0.0.1:1")
        .setTopics("t")
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setRequestTimeout(Duration.ofSeconds(2))
        .setBounded()
        .build();
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSource(source, "kafka").returns(String.class).sinkTo(new CollectSink<>());
    Exception e = assertThrows(Exception.class, () -> env.execute("unreachable"));
    assertTrue(messages(e).contains("Kafka at 127.0.0.1:1 did not answer") && messages(e).contains("2000 ms"),
        messages(e));
  }

  @Test
  void aDeserializationFailureNamesTopicPartitionOffsetOrIsSkippedWhenAsked() throws Exception {
    broker.createTopic("bad", 1);
    broker.produce("bad", 1, List.of("1", "2", "oops", "4"));
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.fromSource(numbers(false), "kafka").returns(Integer.class).sinkTo(new CollectSink<>());
    Exception e = assertThrows(Exception.class, () -> env.execute("failing"));
    assertTrue(messages(e).contains("cannot deserialize the Kafka record at topic bad partition 0 offset 2"),
        messages(e));

    StreamEnvironment skipping = StreamEnvironment.createLocalEnvironment(1);
    CollectSink<Integer> sink = new CollectSink<>();
    skipping.fromSource(numbers(true), "kafka").returns(Integer.class).sinkTo(sink);
    skipping.execute("skipping");
    assertEquals(List.of(1, 2, 4), sink.results());
  }

  /**
   * The lag metrics through the operator's metric group, against the broker: per partition the
   * reader's offset, the offset committed on a completed checkpoint and the records still to read,
   * which is first above 0 and reaches 0 once everything was read.
   */
  @Test
  void lagMetricsShowPendingRecordsPerPartitionUntilEverythingIsRead() throws Exception {
    broker.createTopic("lagged", 2);
    broker.produce("lagged", 2, values(100)); // 50 records in each partition
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("lagged")
        .setGroupId("lag-readers")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setValueOnlyDeserializer(new SimpleStringSchema())
        .setProperty("max.poll.records", "5") // several polls, so a backlog is seen on the way
        .setWatermarkStrategy(io.weft.api.eventtime.WatermarkStrategy.<String>forMonotonousTimestamps())
        .build();
    io.weft.core.metrics.ReportingMetricGroup operator = new io.weft.core.metrics.ReportingMetricGroup(
        "taskmanager_job_task_operator", new String[] {"kafka"}, java.util.Map.of("operator_name", "kafka"));
    io.weft.api.functions.SubtaskInfo info = new io.weft.api.functions.SubtaskInfo() {
      @Override
      public int subtaskIndex() {
        return 0;
      }

      @Override
      public int parallelism() {
        return 1;
      }

      @Override
      public io.weft.core.config.Configuration configuration() {
        return new io.weft.core.config.Configuration();
      }

      @Override
      public io.weft.api.metrics.MetricGroup metricGroup() {
        return operator;
      }
    };
    List<String> read = new ArrayList<>();
    io.weft.api.source.ReaderOutput<String> output = new io.weft.api.source.ReaderOutput<>() {
      @Override
      public void collect(String value) {
        read.add(value);
      }

      @Override
      public void collect(String value, long timestamp) {
        read.add(value);
      }

      @Override
      public void emitWatermark(long timestamp) {}

      @Override
      public void markIdle() {}
    };
    double mostPending = -1;
    try (io.weft.api.source.SourceReader<String> reader = source.createReader(info)) {
      // Polls until all is read and the backlog the reader knows is 0; the test's timeout bounds it.
      while (true) {
        reader.pollNext(output);
        Double pending = gauge(operator, "taskmanager_job_task_operator", "pendingRecords", null);
        if (pending != null) {
          mostPending = Math.max(mostPending, pending);
        }
        if (read.size() == 100 && pending != null && pending == 0) {
          break;
        }
      }
      assertTrue(mostPending > 0, "a backlog was seen before the end: " + mostPending);
      // Completed checkpoints commit the offsets; a commit the group coordinator refused while it
      // started is retried by the next checkpoint's, as in a running job.
      long checkpoint = 0;
      while (gauge(operator, PARTITION_SCOPE, "committedOffset", "0") != 50
          || gauge(operator, PARTITION_SCOPE, "committedOffset", "1") != 50) {
        checkpoint++;
        reader.snapshotPosition(checkpoint);
        reader.notifyCheckpointComplete(checkpoint);
        for (int i = 0; i < 10; i++) {
          reader.pollNext(output); // the commit's callback runs within a poll
        }
      }
      for (String partition : List.of("0", "1")) {
        assertEquals(49.0, gauge(operator, PARTITION_SCOPE, "currentOffset", partition), "last record read");
        assertEquals(0.0, gauge(operator, PARTITION_SCOPE, "pendingRecords", partition));
      }
      // Records carry timestamps 1000 + i: event time is decades behind the clock.
      long decade = 10L * 365 * 24 * 3600 * 1000;
      assertTrue(gauge(operator, "taskmanager_job_task_operator", "currentEmitEventTimeLag", null) > decade);
      assertTrue(gauge(operator, "taskmanager_job_task_operator", "watermarkLag", null) > decade);
    }
    assertEquals(100, read.size());
  }

  private static final String PARTITION_SCOPE = "taskmanager_job_task_operator_KafkaSourceReader_topic_partition";

  /** A gauge's reported value, of the partition's group when {@code partition} is given; null if not reported. */
  private static Double gauge(io.weft.core.metrics.ReportingMetricGroup group, String scope, String name,
      String partition) {
    List<io.weft.core.rpc.MetricScope> scopes = new ArrayList<>();
    group.snapshot(java.util.Map.of(), scopes);
    for (io.weft.core.rpc.MetricScope s : scopes) {
      if (s.scope().equals(scope) && (partition == null || partition.equals(s.variables().get("partition")))
          && s.metric(name) != null) {
        assertTrue(partition == null || "lagged".equals(s.variables().get("topic")), s.toString());
        return s.metric(name).value();
      }
    }
    return null;
  }

  private static KafkaSource<Integer> numbers(boolean skip) {
    return KafkaSource.<Integer>builder()
        .setBootstrapServers(broker.bootstrapServers())
        .setTopics("bad")
        .setValueOnlyDeserializer(bytes -> Integer.parseInt(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)))
        .setSkipUndeserializableRecords(skip)
        .setBounded()
        .build();
  }

  static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append(" | ");
    }
    return all.toString();
  }
}
