package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line arguments the benchmark mains share, and the environment they describe:
 * {@code --backend none|hashmap|rocksdb} (the latter two checkpoint every second, exactly once,
 * into {@code --checkpoint-dir}, RocksDB incrementally, as the anchor does), {@code --parallelism},
 * {@code --records}, {@code --buffer-timeout} (ms).
 */
final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  BenchArgs(String[] args, List<String> known, String usage) {
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value; usage: " + usage);
      }
      values.put(args[i], args[i + 1]);
    }
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  long getLong(String name, long fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
    }
  }

  String backend() {
    String b = get("--backend", "none");
    if (!List.of("none", "hashmap", "rocksdb").contains(b)) {
      throw new IllegalArgumentException("--backend must be none, hashmap or rocksdb, not '" + b + "'");
    }
    return b;
  }

  /** An environment with the parallelism, buffer timeout and checkpointing these arguments ask for. */
  StreamEnvironment environment() {
    Configuration conf = new Configuration();
    String backend = backend();
    if (!backend.equals("none")) {
      String dir = values.get("--checkpoint-dir");
      if (dir == null) {
        throw new IllegalArgumentException("--backend " + backend + " checkpoints: give --checkpoint-dir "
            + "(a file:// or hdfs:// directory)");
      }
      conf.set(CheckpointOptions.INTERVAL, Duration.ofSeconds(1));
      conf.set(CheckpointOptions.MODE, CheckpointOptions.Mode.EXACTLY_ONCE);
      conf.set(CheckpointOptions.DIRECTORY, dir);
      conf.setString("state.backend", backend);
      conf.setString("state.backend.incremental", String.valueOf(backend.equals("rocksdb")));
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment(conf);
    long parallelism = getLong("--parallelism", -1);
    if (parallelism > 0) {
      env.setParallelism((int) parallelism);
    }
    long bufferTimeout = getLong("--buffer-timeout", -1);
    if (bufferTimeout >= 0) {
      env.setBufferTimeout(bufferTimeout);
    }
    return env;
  }
}
