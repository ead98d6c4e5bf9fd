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
}
