package io.weft.it.yarn.jobs;

import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.functions.async.RichAsyncFunction;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Copies a file of numbers through an async "lookup" (answered on the function's own threads,
 * every tenth one after {@code <millis>}, unordered, 20 in flight) into the exactly-once file
 * sink. Arguments: {@code <input file> <output directory> <millis>}.
 */
public final class AsyncCopyJob {
  private AsyncCopyJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    var numbers = env.readTextFile(args[0]).map(Long::parseLong).returns(Long.class);
    AsyncDataStream.unorderedWait(numbers, new SlowLookup(Long.parseLong(args[2])), 60, TimeUnit.SECONDS, 20)
        .name("Async lookup")
        .writeAsTextExactlyOnce(args[1]);
    env.execute("Async exactly-once copy");
  }

  /** Answers each number with itself, from a pool of two threads opened per subtask. */
  public static final class SlowLookup extends RichAsyncFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long millis;
    private transient ExecutorService pool;

    SlowLookup(long millis) {
      this.millis = millis;
    }

    @Override
    public void open() {
      pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lookup-" + getRuntimeContext().getIndexOfThisSubtask());
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void asyncInvoke(Long input, ResultFuture<Long> resultFuture) {
      pool.execute(() -> {
        if (input % 10 == 0) {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            return; // the task is being canceled
          }
        }
        resultFuture.complete(List.of(input));
      });
    }

    @Override
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
