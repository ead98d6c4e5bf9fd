package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The file system warm-up for restores runs only for jobs that can restore from files. */
class DeployWarmUpTest {

  @Test
  void onlyJobsWithCheckpointsOrASavepointToStartFromCanRestore() {
    assertFalse(DeployWarmUp.mayRestore(new Configuration()), "no checkpoints, no savepoint: nothing is ever restored");
    assertFalse(DeployWarmUp.mayRestore(new Configuration().set(CheckpointOptions.SAVEPOINT_PATH, " ")));
    assertFalse(DeployWarmUp.mayRestore(new Configuration().set(CheckpointOptions.INTERVAL, Duration.ZERO)));

    assertTrue(DeployWarmUp.mayRestore(new Configuration().set(CheckpointOptions.INTERVAL, Duration.ofSeconds(10))
        .set(CheckpointOptions.DIRECTORY, "hdfs:///weft/checkpoints")));
    assertTrue(DeployWarmUp.mayRestore(new Configuration().set(CheckpointOptions.SAVEPOINT_PATH,
        "hdfs:///weft/savepoints/savepoint-1")));
  }
}
