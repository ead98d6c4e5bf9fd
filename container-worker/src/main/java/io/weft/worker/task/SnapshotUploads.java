package io.weft.worker.task;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that upload the state snapshots of a process's tasks, so a task copies its state and
 * goes on with its input while the copy is written. Idle threads end after a few seconds.
 */
final class SnapshotUploads {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(2, 2, 5, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "weft-snapshot-upload-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  static {
    POOL.allowCoreThreadTimeOut(true);
  }

  private SnapshotUploads() {}

  static void run(Runnable upload) {
    POOL.execute(upload);
  }
}
