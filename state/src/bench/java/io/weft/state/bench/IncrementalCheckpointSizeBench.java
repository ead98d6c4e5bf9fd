package io.weft.state.bench;

import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.core.types.LongSerializer;
import io.weft.state.rocksdb.RocksDbConfig;
import io.weft.state.rocksdb.RocksDbKeyedStateBackend;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.IncrementalKeyedStateHandle;
import io.weft.state.snapshot.IncrementalKeyedStateHandle.NamedFile;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import io.weft.state.ttl.TtlTimeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;

/**
 * How much an incremental RocksDB checkpoint uploads next to a full one (issue 7): fills the state
 * module's RocksDB backend with {@code --state-mib} MiB of keyed state (1 KiB random values under
 * Long keys), takes incremental checkpoint 1 and completes it, changes {@code --changed-percent}
 * of the keys (spread over all key groups), then takes incremental checkpoint 2 and a full
 * snapshot of the same state. Prints
 * {@code state-bytes=.. changed-keys=.. full-bytes=.. incremental-base-bytes=..
 * incremental-uploaded-bytes=.. ratio=..}, where incremental-uploaded counts checkpoint 2's new
 * shared SST files and its private files, i.e. what it wrote.
 *
 * <p>Usage: {@code IncrementalCheckpointSizeBench [--state-mib 1024] [--changed-percent 1] [--dir D]}; files go
 * to a temporary directory under D (default java.io.tmpdir), deleted at the end.
 */
public final class IncrementalCheckpointSizeBench {
  private static final int VALUE_BYTES = 1024;
  private static final int MAX_PARALLELISM = 128;

  private IncrementalCheckpointSizeBench() {}

  public static void main(String[] args) throws Exception {
    long stateMib = 1024;
    double changedPercent = 1;
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--state-mib" -> stateMib = Long.parseLong(args[i + 1]);
        case "--changed-percent" -> changedPercent = Double.parseDouble(args[i + 1]);
        case "--dir" -> parent = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: IncrementalCheckpointSizeBench [--state-mib M] [--changed-percent P] [--dir D]");
      }
    }
    long keys = (stateMib << 20) / VALUE_BYTES;
    long every = Math.max(1, Math.round(100 / changedPercent));
    Path work = Files.createTempDirectory(parent, "weft-incremental-bench");
    try {
      run(work, keys, every);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(Path work, long keys, long every) throws Exception {
    CheckpointStorage storage = new CheckpointStorage(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
        new org.apache.hadoop.fs.Path(work.resolve("checkpoints").toUri()));
    RocksDbKeyedStateBackend<Long> b = new RocksDbKeyedStateBackend<>(new KeyGroupRange(0, MAX_PARALLELISM - 1),
        MAX_PARALLELISM, LongSerializer.INSTANCE, TtlTimeProvider.SYSTEM,
        RocksDbConfig.of(Files.createDirectory(work.resolve("rocksdb")).toFile(), 256L << 20, true));
    try {
      ValueState<byte[]> state = b.getValueState(new ValueStateDescriptor<>("value", byte[].class));
      SplittableRandom random = new SplittableRandom(42);
      for (long k = 0; k < keys; k++) {
        b.setCurrentKey(k);
        state.update(randomBytes(random));
      }
      IncrementalKeyedStateHandle base = (IncrementalKeyedStateHandle) b.snapshot(1, storage,
          SnapshotKind.CHECKPOINT).upload();
      b.notifyCheckpointComplete(1);

      long changed = 0;
      for (long k = 0; k < keys; k += every) {
        b.setCurrentKey(k);
        state.update(randomBytes(random));
        changed++;
      }
      IncrementalKeyedStateHandle second = (IncrementalKeyedStateHandle) b.snapshot(2, storage,
          SnapshotKind.CHECKPOINT).upload();
      KeyedStateHandle full = b.snapshot(3, storage, SnapshotKind.SAVEPOINT).upload();

      Set<String> baseFiles = Set.copyOf(base.sharedFiles());
      long uploaded = 0;
      for (NamedFile f : second.sharedSstFiles()) {
        if (!baseFiles.contains(f.path())) {
          uploaded += f.size();
        }
      }
      for (NamedFile f : second.privateFileList()) {
        uploaded += f.size();
      }
      System.out.printf("job=incremental-size state-bytes=%d keys=%d changed-keys=%d full-bytes=%d "
              + "incremental-base-bytes=%d incremental-uploaded-bytes=%d ratio=%.4f%n",
          keys * VALUE_BYTES, keys, changed, full.stateSize(), base.stateSize(), uploaded,
          (double) uploaded / full.stateSize());
    } finally {
      b.close();
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
