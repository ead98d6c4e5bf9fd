package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.connectors.kafka.KafkaTestBroker;
import io.weft.connectors.kafka.serialization.KafkaRecordSerializationSchema;
import io.weft.connectors.kafka.serialization.SimpleStringSchema;
import io.weft.connectors.kafka.sink.DeliveryGuarantee;
import io.weft.connectors.kafka.sink.KafkaSink;
import io.weft.connectors.kafka.source.KafkaSource;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.types.TypeInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in and out across a failure and a savepoint, restored at another parallelism, against a
 * real broker. Lives in this package to run jobs the way a TaskManager restores them ({@link
 * RestoreRun}, container-worker's test-jar).
 */
// A hang guard only: the waits inside are on conditions, generous for a loaded machine.
@Timeout(900)
class KafkaRestoreTest {
  private static final int N = 2_000;
  private static final AtomicInteger MAPPED = new AtomicInteger();
  private static KafkaTestBroker broker;

  @TempDir Path dir;

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

  /** Slows the job to a few seconds, so the checkpoint falls in the middle; counts what passed. */
  static final class Slow<T> implements MapFunction<T, T> {
    private final boolean sleep;

    Slow(boolean sleep) {
      this.sleep = sleep;
    }

    @Override
    public T map(T value) throws Exception {
      MAPPED.incrementAndGet();
      if (sleep) {
        Thread.sleep(1);
      }
      return value;
    }
  }

  @Test
  void aCheckpointsTransactionWhoseCommitTheFailureOvertookIsCommittedByTheRestore() throws Exception {
    broker.createTopic("overtaken", 2);
    IntFunction<JobGraph> job = writeJob("overtaken", "overtaken-job");
    MAPPED.set(0);
    RestoreRun run = new RestoreRun();
    // Checkpoint 1 is taken and its metadata written, but the sinks never hear that it completed.
    String metadata = run.runAndFail(job.apply(2), dir.resolve("chk"), MAPPED::get, 400, 300, false);
    try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
      assertTrue(!isCommitted(admin, "overtaken-job-0-0") && !isCommitted(admin, "overtaken-job-1-0"),
          "checkpoint 1's transactions are still open after the failure");
    }
    run.restoreAndFinish(job.apply(2), metadata);

    assertExactlyOnce(broker.readAll("overtaken", "read_committed"));
  }

  @Test
  void atLeastOnceSinkRestoredAtALowerParallelismLosesNothing() throws Exception {
    broker.createTopic("at-least-once", 2);
    IntFunction<JobGraph> job = writeJob("at-least-once", "unused", DeliveryGuarantee.AT_LEAST_ONCE);
    MAPPED.set(0);
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(job.apply(3), dir.resolve("chk"), MAPPED::get, 400, 300, true);
    run.restoreAndFinish(job.apply(1), metadata);

    List<String> written = broker.readAll("at-least-once", "read_committed");
    java.util.Set<String> distinct = new java.util.HashSet<>(written);
    assertEquals(N, distinct.size(), "every record at least once");
    assertTrue(distinct.containsAll(IntStream.range(0, N).mapToObj(i -> "v" + i).toList()));
    assertTrue(written.size() > N, "what was written after the checkpoint was written again: " + written.size());
  }

  private static boolean isCommitted(org.apache.kafka.clients.admin.Admin admin, String transactionalId) {
    try {
      return admin.describeTransactions(List.of(transactionalId)).all().get().get(transactionalId).state()
          == org.apache.kafka.clients.admin.TransactionState.COMPLETE_COMMIT;
    } catch (Exception e) {
      return false; // not known yet
    }
  }

  /** Every value v0..v(N-1) once: says how many are missing and repeated rather than printing thousands. */
  private static void assertExactlyOnce(List<String> values) {
    java.util.Map<String, Long> counts = values.stream()
        .collect(java.util.stream.Collectors.groupingBy(v -> v, java.util.stream.Collectors.counting()));
    List<String> missing = IntStream.range(0, N).mapToObj(i -> "v" + i).filter(v -> !counts.containsKey(v)).toList();
    List<String> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey).toList();
    assertEquals(0, missing.size(), "missing " + missing.size() + ", e.g. " + missing.stream().limit(5).toList());
    assertEquals(0, repeated.size(), "repeated " + repeated.size() + ", e.g. " + repeated.stream().limit(5).toList());
    assertEquals(N, values.size());
  }

  private IntFunction<JobGraph> readJob(String topic, CollectingCheckpointedSink<String> sink) {
    return parallelism -> {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(parallelism);
      env.getConfiguration().set(CheckpointOptions.DIRECTORY, dir.toUri().toString());
      env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofHours(1));
      KafkaSource<String> source = KafkaSource.<String>builder()
          .setBootstrapServers(broker.bootstrapServers())
          .setTopics(topic)
          .setValueOnlyDeserializer(new SimpleStringSchema())
          .setProperty("max.poll.records", "20") // small polls: the checkpoint does not wait behind a long one
          .setBounded()
          .build();
      // Held in the first attempt (250 records per reader and checkpoint) so that it is failed mid-stream.
      env.fromSource(new FirstAttemptHeld<>(source, N / 8), "kafka").returns(String.class).uid("kafka-source")
          .map(new Slow<String>(true)).returns(String.class).uid("slow")
          .sinkTo(sink).setParallelism(1).uid("collect");
      return env.buildJobGraph("kafka restore");
    };
  }

  @Test
  void sourceRestoredFromACheckpointAtAnotherParallelismLosesAndRepeatsNothing() throws Exception {
    broker.createTopic("in-failure", 4);
    broker.produce("in-failure", 4, IntStream.range(0, N).mapToObj(i -> "v" + i).toList());
    CollectingCheckpointedSink<String> sink = new CollectingCheckpointedSink<>("kafka-failure", TypeInfo.of(String.class));
    IntFunction<JobGraph> job = readJob("in-failure", sink);
    MAPPED.set(0);
    RestoreRun run = new RestoreRun();
    String metadata = run.runAndFail(job.apply(2), dir.resolve("chk"), MAPPED::get, 400, 300);
    run.restoreAndFinish(job.apply(3), metadata);

    assertTrue(sink.restored() > 0 && sink.restored() < N, "the checkpoint fell mid-stream: " + sink.restored());
    assertTrue(sink.received() > N, "the failed attempt's records after the checkpoint were replayed: " + sink.received());
    assertExactlyOnce(sink.results());
  }

  @Test
  void sourceResumedFromASavepointAtAnotherParallelismLosesAndRepeatsNothing() throws Exception {
    broker.createTopic("in-savepoint", 4);
    broker.produce("in-savepoint", 4, IntStream.range(0, N).mapToObj(i -> "v" + i).toList());
    CollectingCheckpointedSink<String> sink = new CollectingCheckpointedSink<>("kafka-savepoint", TypeInfo.of(String.class));
    IntFunction<JobGraph> job = readJob("in-savepoint", sink);
    MAPPED.set(0);
    RestoreRun run = new RestoreRun();
    String metadata = run.stopWithSavepoint(job.apply(2), dir.resolve("savepoint"), MAPPED::get, 400);
    sink.forgetResults();
    run.restoreAndFinish(job.apply(1), metadata);

    assertTrue(sink.restored() > 0 && sink.restored() < N, "the savepoint fell mid-stream: " + sink.restored());
    assertExactlyOnce(sink.results());
  }

  /** Paced numbers into an exactly-once Kafka sink. */
  private IntFunction<JobGraph> writeJob(String topic, String prefix) {
    return writeJob(topic, prefix, DeliveryGuarantee.EXACTLY_ONCE);
  }

  private IntFunction<JobGraph> writeJob(String topic, String prefix, DeliveryGuarantee guarantee) {
    return parallelism -> {
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(parallelism);
      env.getConfiguration().set(CheckpointOptions.DIRECTORY, dir.toUri().toString());
      env.getConfiguration().set(CheckpointOptions.INTERVAL, Duration.ofSeconds(10));
      KafkaSink<String> sink = KafkaSink.<String>builder()
          .setBootstrapServers(broker.bootstrapServers())
          .setRecordSerializer(KafkaRecordSerializationSchema.valueOnly(topic, new SimpleStringSchema()))
          .setDeliveryGuarantee(guarantee)
          .setTransactionalIdPrefix(prefix)
          .build();
      // Paced and not slowed down, so each poll emits a few elements and the checkpoint's
      // completion reaches the sink long before the job is failed. Held in the first attempt (200
      // per reader and checkpoint) so that it is failed mid-stream.
      env.fromSource(new FirstAttemptHeld<>(new GeneratorSource<>(i -> "v" + i, N, 500), N / 10), "numbers")
          .returns(String.class).uid("numbers")
          .map(new Slow<String>(false)).returns(String.class).uid("slow")
          .sinkTo(sink).uid("kafka-sink");
      return env.buildJobGraph("kafka exactly once");
    };
  }

  @Test
  void exactlyOnceSinkRestoredAtAnotherParallelismShowsEachRecordOnceToReadCommitted() throws Exception {
    broker.createTopic("out", 3);
    IntFunction<JobGraph> job = writeJob("out", "restore-test-job");
    MAPPED.set(0);
    RestoreRun run = new RestoreRun();
    // The job fails only after checkpoint 1's transactions are committed (the usual case; see the
    // sink's javadoc for a failure that overtakes the commit): progress counts no further until then.
    java.util.concurrent.atomic.AtomicBoolean commitDone = new java.util.concurrent.atomic.AtomicBoolean();
    String metadata;
    try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
      java.util.function.IntSupplier progress = () -> {
        if (!commitDone.get() && MAPPED.get() >= 400) {
          commitDone.set(isCommitted(admin, "restore-test-job-0-0") && isCommitted(admin, "restore-test-job-1-0"));
        }
        return commitDone.get() ? MAPPED.get() : Math.min(MAPPED.get(), 400);
      };
      metadata = run.runAndFail(job.apply(2), dir.resolve("chk"), progress, 400, 300, true);
    }
    run.restoreAndFinish(job.apply(3), metadata);

    List<String> committed = broker.readAll("out", "read_committed");
    assertExactlyOnce(committed);
    List<String> everything = broker.readAll("out", "read_uncommitted");
    assertTrue(everything.size() > N, "the failed attempt wrote records after the checkpoint, in transactions the "
        + "restore aborted: " + everything.size());
  }
}
