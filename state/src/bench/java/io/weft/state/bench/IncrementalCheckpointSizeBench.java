package io.weft.state.bench;

import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.LongSerializer;
import io.weft.state.rocksdb.RocksDbConfig;
import io.weft.state.rocksdb.RocksDbKeyedStateBackend;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.ttl.TtlTimeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;

/**
 * How much incremental RocksDB checkpoints upload next to a full one (issues 7 and 25): fills the
 * state module's RocksDB backend with {@code --state-mib} MiB of keyed state (1 KiB random values
 * under Long keys), takes checkpoint 1 and completes it, then {@code --rounds} times changes
 * {@code --changed-percent} of the keys (a different share each round, spread over all key
 * groups) and takes and completes the next checkpoint. For each round it prints what that
 * checkpoint wrote (files its handle has that the previous checkpoint's had not: new SSTs,
 * changelog segments, private files) and how long it took (synchronous and asynchronous part);
 * then a full snapshot's size, and how long restoring the last checkpoint into a new backend takes
 * (checked against the original: every 97th key read back from both).
 *
 * <p>One round alone says little: compactions of the filling run on after checkpoint 1, and a
 * leveled compaction rewrites the next level every few level-0 flushes, so the mean and maximum
 * over the rounds are the figures to quote. {@code --changelog-ratio R} (&gt; 0) turns the state
 * changelog on, materializing at R; 0 (the default) is plain incremental checkpoints.
 *
 * <p>Usage: {@code IncrementalCheckpointSizeBench [--state-mib 1024] [--changed-percent 1]
 * [--rounds 10] [--changelog-ratio 0] [--restores 1] [--dir D]}; files go to a temporary directory under D
 * (default java.io.tmpdir), deleted at the end.
 */
public final class IncrementalCheckpointSizeBench {
  private static final int VALUE_BYTES = 1024;
  private static final int MAX_PARALLELISM = 128;
  private static final long MANAGED_MEMORY = 256L << 20;

  private IncrementalCheckpointSizeBench() {}

  public static void main(String[] args) throws Exception {
    long stateMib = 1024;
    double changedPercent = 1;
    int rounds = 10;
    double changelogRatio = 0;
    int restores = 1;
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--state-mib" -> stateMib = Long.parseLong(args[i + 1]);
        case "--changed-percent" -> changedPercent = Double.parseDouble(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--changelog-ratio" -> changelogRatio = Double.parseDouble(args[i + 1]);
        case "--dir" -> parent = Path.of(args[i + 1]);
        case "--restores" -> restores = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: IncrementalCheckpointSizeBench [--state-mib M] [--changed-percent P] [--rounds N]"
            + " [--changelog-ratio R] [--restores N] [--dir D]");
      }
    }
    long keys = (stateMib << 20) / VALUE_BYTES;
    long every = Math.max(1, Math.round(100 / changedPercent));
    Path work = Files.createTempDirectory(parent, "weft-incremental-bench");
    try {
      run(work, keys, every, rounds, changelogRatio, restores);
    } finally {
      deleteTree(work);
    }
  }

  private static RocksDbKeyedStateBackend<Long> backend(Path dir, double changelogRatio) throws IOException {
    RocksDbConfig config = RocksDbConfig.of(Files.createDirectories(dir).toFile(), MANAGED_MEMORY, true);
    return new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, MAX_PARALLELISM - 1), MAX_PARALLELISM,
        LongSerializer.INSTANCE, TtlTimeProvider.SYSTEM, config.withChangelog(changelogRatio));
  }

  private static void run(Path work, long keys, long every, int rounds, double changelogRatio, int restores)
      throws Exception {
    CheckpointStorage storage = new CheckpointStorage(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
        new org.apache.hadoop.fs.Path(work.resolve("checkpoints").toUri()));
    ValueStateDescriptor<byte[]> descriptor = new ValueStateDescriptor<>("value", byte[].class);
    RocksDbKeyedStateBackend<Long> b = backend(work.resolve("rocksdb"), changelogRatio);
    try {
      ValueState<byte[]> state = b.getValueState(descriptor);
      SplittableRandom random = new SplittableRandom(42);
      for (long k = 0; k < keys; k++) {
        b.setCurrentKey(k);
        state.update(randomBytes(random));
      }
      long[] millis = new long[1];
      IncrementalKeyedStateHandle previous = checkpoint(b, storage, 1, millis);
      long changed = 0;
      long[] uploaded = new long[rounds];
      long[] checkpointMillis = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        for (long k = r % every; k < keys; k += every) {
          b.setCurrentKey(k);
          state.update(randomBytes(random));
          changed++;
        }
        IncrementalKeyedStateHandle next = checkpoint(b, storage, 2 + r, millis);
        checkpointMillis[r] = millis[0];
        uploaded[r] = written(previous, next);
        previous = next;
      }
      long full = b.snapshot(2 + rounds, storage, SnapshotKind.SAVEPOINT).upload().stateSize();
      for (int r = 0; r < rounds; r++) {
        System.out.printf("round=%d uploaded-bytes=%d ratio=%.4f checkpoint-ms=%d%n", r + 1, uploaded[r],
            (double) uploaded[r] / full, checkpointMillis[r]);
      }
      // Restore times are noisy on a shared machine: --restores N restores the same checkpoint N
      // times in a row, each into a fresh directory, and reports the median (every one printed).
      long[] restoreMillis = new long[restores];
      for (int i = 0; i < restores; i++) {
        restoreMillis[i] = restoreAndCheck(work.resolve("restored-" + i), previous, changelogRatio, b, state, keys,
            descriptor);
        System.out.printf("restore=%d restore-ms=%d%n", i + 1, restoreMillis[i]);
      }
      long[] sorted = restoreMillis.clone();
      Arrays.sort(sorted);
      long total = Arrays.stream(uploaded).sum();
      System.out.printf("job=incremental-size state-bytes=%d keys=%d changelog-ratio=%s rounds=%d changed-keys=%d"
              + " full-bytes=%d ratio-first=%.4f ratio-mean=%.4f ratio-max=%.4f checkpoint-ms-mean=%d"
              + " checkpoint-ms-max=%d restore-bytes=%d restore-ms=%d%n",
          keys * VALUE_BYTES, keys, changelogRatio, rounds, changed, full, (double) uploaded[0] / full,
          (double) total / rounds / full, (double) Arrays.stream(uploaded).max().orElse(0) / full,
          Arrays.stream(checkpointMillis).sum() / rounds, Arrays.stream(checkpointMillis).max().orElse(0),
          previous.stateSize(), sorted[sorted.length / 2]);
    } finally {
      b.close();
    }
  }

  private static IncrementalKeyedStateHandle checkpoint(RocksDbKeyedStateBackend<Long> b, CheckpointStorage storage,
      long id, long[] millis) throws Exception {
    long start = System.nanoTime();
    AsyncSnapshot<KeyedStateHandle> s = b.snapshot(id, storage, SnapshotKind.CHECKPOINT);
    IncrementalKeyedStateHandle h = (IncrementalKeyedStateHandle) s.upload();
    millis[0] = (System.nanoTime() - start) / 1_000_000;
    b.notifyCheckpointComplete(id);
    return h;
  }

  /** Bytes of the files {@code next} references that {@code previous} did not. */
  private static long written(IncrementalKeyedStateHandle previous, IncrementalKeyedStateHandle next) {
    Set<String> before = new HashSet<>(previous.sharedFiles());
    long n = 0;
    for (List<IncrementalKeyedStateHandle.NamedFile> files : List.of(next.sharedSstFiles(), next.changelogFiles(),
        next.privateFileList())) {
      for (IncrementalKeyedStateHandle.NamedFile f : files) {
        if (!before.contains(f.path())) {
          n += f.size();
        }
      }
    }
    return n;
  }

  private static long restoreAndCheck(Path dir, IncrementalKeyedStateHandle handle, double changelogRatio,
      RocksDbKeyedStateBackend<Long> original, ValueState<byte[]> originalState, long keys,
      ValueStateDescriptor<byte[]> descriptor) throws Exception {
    long start = System.nanoTime();
    RocksDbKeyedStateBackend<Long> restored = backend(dir, changelogRatio);
    try {
      restored.restore(List.of(handle), new org.apache.hadoop.conf.Configuration());
      ValueState<byte[]> state = restored.getValueState(descriptor);
      restored.setCurrentKey(0L);
      state.value(); // opens the column: part of a restore
      long millis = (System.nanoTime() - start) / 1_000_000;
      for (long k = 0; k < keys; k += 97) {
        original.setCurrentKey(k);
        restored.setCurrentKey(k);
        if (!Arrays.equals(originalState.value(), state.value())) {
          throw new IllegalStateException("the restored state differs at key " + k);
        }
      }
      return millis;
    } finally {
      restored.close();
      if (Files.exists(dir)) {
        deleteTree(dir);
      }
    }
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] v = new byte[VALUE_BYTES];
    random.nextBytes(v);
    return v;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
