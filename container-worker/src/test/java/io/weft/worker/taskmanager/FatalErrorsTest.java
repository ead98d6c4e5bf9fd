package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An error no task caught ends the process (to be replaced) only when the JVM itself is in trouble. */
class FatalErrorsTest {
  @Test
  void anOutOfMemoryErrorOutsideATaskEndsTheProcessOtherExceptionsAreLogged() throws Exception {
    List<Integer> halted = new ArrayList<>();
    FatalErrors handler = new FatalErrors("tm-7", halted::add);
    Thread netty = new Thread(() -> {
      throw new OutOfMemoryError("Direct buffer memory");
    }, "netty-worker-1");
    netty.setUncaughtExceptionHandler(handler);
    netty.start();
    netty.join();
    assertEquals(List.of(FatalErrors.EXIT_CODE), halted);

    Thread helper = new Thread(() -> {
      throw new IllegalStateException("a bug in a helper thread");
    }, "helper");
    helper.setUncaughtExceptionHandler(handler);
    helper.start();
    helper.join();
    assertEquals(List.of(FatalErrors.EXIT_CODE), halted, "an ordinary exception does not end the process");
  }
}
