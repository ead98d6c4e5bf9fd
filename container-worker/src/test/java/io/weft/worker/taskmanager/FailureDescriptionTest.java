package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.worker.task.OperatorException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a TaskManager reports of a failed task: the exception's type and message, with its operator. */
class FailureDescriptionTest {

  @Test
  void anErrorInAnOperatorKeepsItsType() {
    String d = TaskExecutor.describe(new OperatorException("hungry map", new OutOfMemoryError("Java heap space")));
    assertTrue(d.startsWith("operator 'hungry map' failed: java.lang.OutOfMemoryError: Java heap space"), d);
  }

  @Test
  void aFailureOutsideAnyOperatorStillSaysWhatItWas() {
    assertEquals("java.lang.OutOfMemoryError: Java heap space",
        TaskExecutor.describe(new OutOfMemoryError("Java heap space")));
    String d = TaskExecutor.describe(new IllegalStateException("wiring", new IOException("disk full")));
    assertEquals("java.lang.IllegalStateException: wiring; caused by java.io.IOException: disk full", d);
  }

  @Test
  void whatARestartCannotCureIsMarkedSo() {
    String corrupt = TaskExecutor.describe(new OperatorException("window", new IllegalStateException("restore failed",
        new io.weft.state.snapshot.CorruptStateException("chk-3/keyed-1", 12, "checksum mismatch", null))));
    assertTrue(corrupt.startsWith(io.weft.core.rpc.TaskStateChanged.NOT_RECOVERABLE + "operator 'window' failed"),
        corrupt);
    String changed = TaskExecutor.describe(new OperatorException("window",
        new io.weft.state.snapshot.UnusableStateException("cannot restore keyed state 'count': it was snapshotted"
            + " as VALUE state and is now registered as LIST")));
    assertTrue(changed.startsWith(io.weft.core.rpc.TaskStateChanged.NOT_RECOVERABLE), changed);
    assertTrue(TaskExecutor.describe(new NoClassDefFoundError("com/example/Gone"))
        .startsWith(io.weft.core.rpc.TaskStateChanged.NOT_RECOVERABLE));
    assertTrue(TaskExecutor.describe(new RuntimeException(new ClassNotFoundException("com.example.Gone")))
        .startsWith(io.weft.core.rpc.TaskStateChanged.NOT_RECOVERABLE));
    String transientFailure = TaskExecutor.describe(new OperatorException("sink", new IOException("connection reset")));
    assertTrue(!transientFailure.contains(io.weft.core.rpc.TaskStateChanged.NOT_RECOVERABLE), transientFailure);
  }
}
