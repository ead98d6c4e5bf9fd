package io.weft.connectors.kafka.source;

import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.SourceReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's share of a {@link KafkaSource}: the partitions {@link PartitionOwner} gives it,
 * assigned directly (no group rebalancing, so the checkpointed position alone decides where it
 * reads). The position is the next offset of every partition it owns.
 */
final class KafkaSourceReader<T> implements SourceReader<T> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
  /** Short: the task thread also runs timers and checkpoints between polls. */
  private static final Duration POLL = Duration.ofMillis(20);

  private final KafkaSource<T> source;
  private final int subtask;
  private final int parallelism;
  private final String servers;
  private final KafkaConsumer<byte[], byte[]> consumer;
  // Concurrent maps: progress() reads them from the heartbeat thread.
  /** Next offset to read of every partition this subtask reads. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  /** Bounded: the offset at which each partition ends. */
  private final Map<TopicPartition, Long> stopping = new ConcurrentHashMap<>();
  /** Bounded: where each partition started in this run, to tell the share read so far. */
  private final Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
  /** Positions of checkpoints not yet complete, to commit to the group when they are. */
  private final TreeMap<Long, Map<TopicPartition, Long>> toCommit = new TreeMap<>();
  /** From a checkpoint: this subtask's partitions and where to continue; null when not restored. */
  private Map<TopicPartition, Long> restored;
  private volatile boolean started;
  /** Offsets handed to commitAsync whose callback has not run yet (it runs inside a later poll). */
  private Map<TopicPartition, OffsetAndMetadata> commitInFlight;
  private long nextDiscovery;
  private long skipped;

  /** Per-partition event time, when the source has a watermark strategy; else null. */
  private final PartitionWatermarks<T> watermarks;

  /** Lag per partition, in the operator's metric group. */
  private final KafkaSourceMetrics metrics;

  KafkaSourceReader(KafkaSource<T> source, int subtask, int parallelism, PartitionWatermarks<T> watermarks,
      KafkaSourceMetrics metrics) {
    this.source = source;
    this.metrics = metrics;
    this.watermarks = watermarks;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.servers = source.properties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, Object> conf = new HashMap<>(source.properties);
    conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // offsets are committed on checkpoints only
    conf.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // an offset deleted by retention
    conf.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "weft-source-" + subtask);
    conf.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) source.requestTimeout.toMillis());
    this.consumer = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public InputStatus pollNext(ReaderOutput<T> output) throws IOException {
    if (!started) {
      start();
    }
    if (!source.bounded && !source.discoveryInterval.isZero() && System.currentTimeMillis() >= nextDiscovery) {
      addNewPartitions();
    }
    if (source.bounded && reachedEnd()) {
      return InputStatus.END_OF_INPUT;
    }
    if (positions.isEmpty()) {
      if (watermarks != null) {
        watermarks.maybeEmit(output); // no partitions: idle, so downstream does not wait for this subtask
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
    for (TopicPartition tp : records.partitions()) {
      Long stop = stopping.get(tp);
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        if (stop != null && r.offset() >= stop) {
          break;
        }
        emit(r, output);
        positions.put(tp, r.offset() + 1);
      }
    }
    // The consumer's position may be past the last record: transaction markers take offsets too.
    List<TopicPartition> done = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      if (consumer.paused().contains(tp)) {
        continue;
      }
      long next = consumer.position(tp);
      Long stop = stopping.get(tp);
      long position = positions.merge(tp, stop == null ? next : Math.min(next, stop), Math::max);
      if (stop != null && position >= stop) {
        done.add(tp); // bounded and at its end: fetch no more of it
      }
    }
    if (!done.isEmpty()) {
      consumer.pause(done);
    }
    recordLag();
    if (watermarks != null) {
      watermarks.maybeEmit(output);
    }
    if (source.bounded && reachedEnd()) {
      return InputStatus.END_OF_INPUT;
    }
    return records.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
  }

  private void emit(ConsumerRecord<byte[], byte[]> r, ReaderOutput<T> output) throws IOException {
    T value;
    try {
      value = source.deserializer.deserialize(r);
    } catch (Exception e) {
      String where = "topic " + r.topic() + " partition " + r.partition() + " offset " + r.offset();
      if (!source.skipUndeserializable) {
        throw new IOException("cannot deserialize the Kafka record at " + where + ": " + e, e);
      }
      skipped++;
      LOG.warn("Kafka source subtask {} skipped the record at {} ({} skipped so far): {}", subtask, where, skipped,
          e.toString());
      return;
    }
    if (value == null) {
      return;
    }
    metrics.emitted(r.timestamp());
    if (watermarks != null) {
      output.collect(value, watermarks.onEvent(new TopicPartition(r.topic(), r.partition()), value, r.timestamp()));
    } else {
      output.collect(value, r.timestamp()); // the record's timestamp is its event time
    }
  }

  /**
   * Each partition's position and backlog for the lag metrics: up to the stopping offset when
   * bounded, else up to the end (the last stable offset under read_committed) as the consumer
   * learned it from its latest fetch, which costs no request of its own.
   */
  private void recordLag() {
    for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
      TopicPartition tp = e.getKey();
      long position = e.getValue();
      metrics.position(tp, position);
      Long stop = stopping.get(tp);
      if (stop != null) {
        metrics.pending(tp, stop - position);
      } else {
        java.util.OptionalLong lag = consumer.currentLag(tp);
        if (lag.isPresent()) {
          metrics.pending(tp, lag.getAsLong());
        }
      }
    }
  }

  /** Bounded: records read of those between the start and the stopping offsets; unbounded: unknown. */
  @Override
  public double progress() {
    if (!source.bounded || !started || stopping.isEmpty()) {
      return -1;
    }
    long total = 0;
    long done = 0;
    for (Map.Entry<TopicPartition, Long> e : stopping.entrySet()) {
      long from = startedAt.getOrDefault(e.getKey(), e.getValue());
      total += Math.max(0, e.getValue() - from);
      done += Math.max(0, Math.min(positions.getOrDefault(e.getKey(), from), e.getValue()) - from);
    }
    return total == 0 ? 1.0 : (double) done / total;
  }

  private boolean reachedEnd() {
    for (Map.Entry<TopicPartition, Long> e : stopping.entrySet()) {
      if (positions.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Finds this subtask's partitions, assigns them and seeks each to where it starts. */
  private void start() {
    started = true;
    Set<TopicPartition> mine = ownPartitions(true);
    Map<TopicPartition, Long> starts = new HashMap<>();
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : mine) {
      if (restored != null && restored.containsKey(tp)) {
        starts.put(tp, restored.get(tp));
      } else {
        fresh.add(tp);
      }
    }
    if (!fresh.isEmpty()) {
      // Restored: a partition the checkpoint does not know appeared after it, so it is read whole.
      OffsetsInitializer init = restored != null ? OffsetsInitializer.earliest() : source.startingOffsets;
      starts.putAll(lookUp(() -> init.offsets(consumer, fresh, source.requestTimeout), "starting offsets of " + fresh));
    }
    if (restored != null) {
      // Partitions of the checkpoint that no longer exist (topic deleted) are dropped with a log line.
      restored.keySet().stream().filter(tp -> !mine.contains(tp))
          .forEach(tp -> LOG.warn("Kafka source subtask {}: restored partition {} no longer exists", subtask, tp));
    }
    assign(starts);
    if (source.bounded) {
      stopping.putAll(lookUp(() -> consumer.endOffsets(starts.keySet(), source.requestTimeout),
          "latest offsets of " + starts.keySet()));
      startedAt.putAll(starts);
    }
    nextDiscovery = System.currentTimeMillis() + source.discoveryInterval.toMillis();
    LOG.info("Kafka source subtask {} of {} reads {} from {} (bounded: {}, until {})", subtask, parallelism,
        starts, servers, source.bounded, stopping);
  }

  private void assign(Map<TopicPartition, Long> added) {
    for (Map.Entry<TopicPartition, Long> e : added.entrySet()) {
      positions.put(e.getKey(), e.getValue());
      metrics.add(e.getKey());
      metrics.position(e.getKey(), e.getValue());
      if (watermarks != null) {
        watermarks.add(e.getKey());
      }
    }
    consumer.assign(new HashSet<>(positions.keySet()));
    added.forEach(consumer::seek);
  }

  /** Partition discovery: partitions (and, with a pattern, topics) that appeared since are read whole. */
  private void addNewPartitions() {
    nextDiscovery = System.currentTimeMillis() + source.discoveryInterval.toMillis();
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : ownPartitions(false)) {
      if (!positions.containsKey(tp)) {
        added.add(tp);
      }
    }
    if (!added.isEmpty()) {
      Map<TopicPartition, Long> starts = lookUp(() -> consumer.beginningOffsets(added, source.requestTimeout),
          "earliest offsets of " + added);
      assign(starts);
      LOG.info("Kafka source subtask {} discovered {}", subtask, starts);
    }
  }

  /** The partitions of the source's topics that this subtask reads; a named topic must exist when {@code strict}. */
  private Set<TopicPartition> ownPartitions(boolean strict) {
    Map<String, List<PartitionInfo>> all = lookUp(() -> consumer.listTopics(source.requestTimeout), "the topic list");
    List<String> topics = new ArrayList<>();
    if (source.topics != null) {
      for (String t : source.topics) {
        if (all.containsKey(t)) {
          topics.add(t);
        } else if (strict) {
          throw new IllegalStateException("Kafka topic '" + t + "' does not exist on " + servers
              + " (the source's topics: " + source.topics + ")");
        }
      }
    } else {
      Pattern p = Pattern.compile(source.topicPattern);
      all.keySet().stream().filter(t -> p.matcher(t).matches()).forEach(topics::add);
    }
    Set<TopicPartition> mine = new HashSet<>();
    for (String t : topics) {
      for (PartitionInfo info : all.get(t)) {
        TopicPartition tp = new TopicPartition(t, info.partition());
        if (PartitionOwner.of(tp, parallelism) == subtask) {
          mine.add(tp);
        }
      }
    }
    return mine;
  }

  private <R> R lookUp(java.util.function.Supplier<R> call, String what) {
    try {
      return call.get();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + servers + " did not answer for " + what + " within "
          + source.requestTimeout.toMillis() + " ms (is the broker reachable?)", e);
    }
  }

  @Override
  public byte[] snapshotPosition() {
    return snapshotPosition(-1);
  }

  @Override
  public byte[] snapshotPosition(long checkpointId) {
    if (!started) {
      start(); // so the position says where every partition starts, not just "nothing yet"
    }
    Map<TopicPartition, Long> copy = new HashMap<>(positions);
    if (checkpointId >= 0) {
      toCommit.put(checkpointId, copy);
    }
    return KafkaPosition.encode(copy);
  }

  @Override
  public void restorePosition(byte[] position) {
    restoreRescaled(List.of(position));
  }

  /** Every old subtask's position; this subtask keeps the partitions it owns at its parallelism. */
  @Override
  public void restoreRescaled(List<byte[]> positionsOfEveryOldSubtask) {
    restored = new HashMap<>();
    for (byte[] position : positionsOfEveryOldSubtask) {
      if (position == null) {
        continue;
      }
      KafkaPosition.decode(position).forEach((tp, offset) -> {
        if (PartitionOwner.of(tp, parallelism) == subtask) {
          restored.put(tp, offset);
        }
      });
    }
    LOG.info("Kafka source subtask {} of {} restored {}", subtask, parallelism, restored);
  }

  /** Tells the group how far the completed checkpoint got, for lag tools; recovery never reads it. */
  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map.Entry<Long, Map<TopicPartition, Long>> done = toCommit.floorEntry(checkpointId);
    toCommit.headMap(checkpointId, true).clear();
    if (done == null || source.properties.get(ConsumerConfig.GROUP_ID_CONFIG) == null || done.getValue().isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    done.getValue().forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
    commitInFlight = offsets;
    consumer.commitAsync(offsets, (committed, failure) -> {
      if (failure == null) {
        committed.forEach((tp, o) -> metrics.committed(tp, o.offset()));
        if (commitInFlight == offsets) {
          commitInFlight = null;
        }
      } else if (failure instanceof org.apache.kafka.clients.consumer.RetriableCommitFailedException) {
        // Typically the group coordinator still starting: the next checkpoint's commit, or close(), retries.
        LOG.info("Kafka source subtask {}: the commit of checkpoint {}'s offsets will be retried: {}", subtask,
            checkpointId, failure.toString());
      } else {
        LOG.warn("Kafka source subtask {} could not commit the offsets of checkpoint {} to the group: {}", subtask,
            checkpointId, failure.toString());
      }
    });
  }

  @Override
  public void close() {
    if (commitInFlight != null) {
      // A bounded reader may end right after a checkpoint completed, before another poll sent its
      // commit: send it now, so lag tools see where the job got.
      try {
        consumer.commitSync(commitInFlight, Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("Kafka source subtask {} could not commit its last completed checkpoint's offsets: {}", subtask,
            e.toString());
      }
    }
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
