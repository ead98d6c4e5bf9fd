package io.weft.it.yarn.jobs;

import io.weft.api.datastream.DataStream;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.source.GeneratorSource;
import io.weft.core.types.TypeInfo;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * A job whose map function, after its first 1,200 numbers (12 s: at least two 5 s heartbeats
 * carry the TaskManager's memory figures first), allocates native memory (outside
 * the heap, the direct-memory limit and everything the memory model counts) and touches every
 * page, so its TaskManager's resident set grows until YARN's NodeManager kills the container:
 * what a native library that leaks does.
 */
public final class NativeMemoryHogJob {
  /** Once per TaskManager process: a restarted task in a surviving process does not hog again. */
  static final java.util.concurrent.atomic.AtomicBoolean HOGGED = new java.util.concurrent.atomic.AtomicBoolean();

  private NativeMemoryHogJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    DataStream<Long> numbers = env.fromSource(new GeneratorSource<Long>(i -> i, Long.MAX_VALUE, 100), "Numbers");
    numbers.getTransformation().setOutputType(TypeInfo.of(Long.class));
    numbers.map(x -> {
      if (x >= 1_200 && !HOGGED.getAndSet(true)) {
        hog();
      }
      return x;
    }).returns(Long.class).name("Native hog")
        .filter(x -> x < 0).name("Nothing")
        .print();
    env.execute("Native memory hog");
  }

  /** 64 MiB at a time, every page written, up to 8 GiB: YARN kills the process long before. */
  static void hog() throws Exception {
    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    f.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
    List<Long> held = new ArrayList<>();
    long chunk = 64L << 20;
    for (int i = 0; i < 128; i++) {
      long address = unsafe.allocateMemory(chunk);
      unsafe.setMemory(address, chunk, (byte) 1);
      held.add(address);
      System.err.println("NativeMemoryHogJob: " + (i + 1) * 64 + " MiB of native memory written");
      Thread.sleep(50); // lets the NodeManager's monitor see the growth
    }
    for (long a : held) {
      unsafe.freeMemory(a); // only reached where nothing enforces the container's memory
    }
  }
}
