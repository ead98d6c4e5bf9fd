package io.weft.worker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.MapFunction;
import io.weft.api.functions.async.AsyncFunction;
import io.weft.api.functions.async.ResultFuture;
import io.weft.api.functions.async.RichAsyncFunction;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Async I/O and the distributed cache in jobs run by the local executor (the same tasks as on YARN). */
@Timeout(120)
class AsyncAndCacheJobTest {

  /** Answers x with 2x from its own threads after a random short pause, so results come out of order. */
  static final class Doubler extends RichAsyncFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private transient ExecutorService pool;

    @Override
    public void open() {
      pool = Executors.newFixedThreadPool(4);
    }

    @Override
    public void asyncInvoke(Long input, ResultFuture<Long> resultFuture) {
      pool.execute(() -> {
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
        resultFuture.complete(List.of(input * 2));
      });
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  @Test
  void orderedWaitKeepsTheInputOrderThroughRealTasks() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    List<Long> out = AsyncDataStream.orderedWait(env.fromSequence(0, 4999), new Doubler(), 10, TimeUnit.SECONDS, 7)
        .executeAndCollect();
    assertEquals(LongStream.range(0, 5000).map(x -> x * 2).boxed().toList(), out);
  }

  @Test
  void unorderedWaitLosesAndRepeatsNothingAtParallelismTwo() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Long> out = new ArrayList<>(AsyncDataStream.unorderedWait(env.fromSequence(0, 9999), new Doubler(), 10,
        TimeUnit.SECONDS, 3).executeAndCollect());
    out.sort(null);
    assertEquals(LongStream.range(0, 10000).map(x -> x * 2).boxed().toList(), out);
  }

  static final class Failing implements AsyncFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void asyncInvoke(Long input, ResultFuture<Long> resultFuture) {
      if (input == 42) {
        new Thread(() -> resultFuture.completeExceptionally(new IllegalStateException("no profile for 42"))).start();
      } else {
        resultFuture.complete(List.of(input));
      }
    }
  }

  @Test
  void aFailedLookupFailsTheJobNamingTheOperator() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    var stream = AsyncDataStream.orderedWait(env.fromSequence(0, 99), new Failing(), 10, TimeUnit.SECONDS, 5)
        .name("Profile lookup");
    Exception e = assertThrows(Exception.class, stream::executeAndCollect);
    assertTrue(e.getMessage().contains("'Profile lookup'") && e.getMessage().contains("no profile for 42"),
        e.getMessage());
  }

  /** Reads the cached files in open(); each element becomes what they say and where they were. */
  static final class ReadCache extends AbstractRichFunction implements MapFunction<Long, String> {
    private static final long serialVersionUID = 1L;
    private transient String seen;

    @Override
    public void open() throws Exception {
      File greeting = getRuntimeContext().getDistributedCache().getFile("greeting");
      File dir = getRuntimeContext().getDistributedCache().getFile("tools");
      File tool = new File(dir, "bin/tool.sh");
      seen = Files.readString(greeting.toPath()).trim() + "|" + Files.readString(tool.toPath()).trim() + "|"
          + tool.canExecute() + "|" + greeting.getParentFile().getParent();
    }

    @Override
    public String map(Long value) {
      return seen;
    }
  }

  @Test
  void cachedFilesAndDirectoriesAreServedLocallyAndDeletedWithTheJob(@TempDir Path dir) throws Exception {
    Path greeting = Files.writeString(dir.resolve("greeting.txt"), "hello\n");
    Path tools = Files.createDirectories(dir.resolve("tools/bin"));
    Files.writeString(tools.resolve("tool.sh"), "echo tool\n");
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.registerCachedFile(greeting.toString(), "greeting");
    env.registerCachedFile(dir.resolve("tools").toUri().toString(), "tools", true);
    List<String> out = env.fromSequence(0, 9).map(new ReadCache()).returns(String.class).executeAndCollect();
    assertEquals(10, out.size());
    assertEquals(1, out.stream().distinct().count(), "every subtask read the same copy: " + out);
    String[] fields = out.get(0).split("\\|");
    assertEquals(List.of("hello", "echo tool", "true"), List.of(fields[0], fields[1], fields[2]));
    assertFalse(Path.of(fields[3]).startsWith(dir), "a copy, not the original: " + fields[3]);
    assertFalse(Files.exists(Path.of(fields[3])), "the copy is deleted when the job ends: " + fields[3]);
  }

  @Test
  void aMissingCachedFileFailsTheLocalJobNamingIt(@TempDir Path dir) {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    env.registerCachedFile(dir.resolve("nope.txt").toString(), "model");
    var stream = env.fromSequence(0, 9).map(new ReadCache()).returns(String.class);
    Exception e = assertThrows(Exception.class, stream::executeAndCollect);
    assertTrue(e.getMessage().contains("'model'") && e.getMessage().contains("nope.txt"), e.getMessage());
  }

  @Test
  void anUnregisteredNameIsAClearError() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
    var stream = env.fromSequence(0, 9).map(new ReadCache()).returns(String.class);
    Exception e = assertThrows(Exception.class, stream::executeAndCollect);
    assertTrue(e.getMessage().contains("File with name 'greeting' is not available"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> env.registerCachedFile("/tmp/x", "bad/name"));
    env.registerCachedFile("/tmp/x", "twice");
    assertThrows(IllegalArgumentException.class, () -> env.registerCachedFile("/tmp/y", "twice"));
  }
}
