package io.weft.api.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter for one writing thread (the task's), read by the TaskManager's heartbeat thread. Opaque
 * accesses cost what a plain field costs on the writing side but may not be kept from the reader
 * (in a register) for ever, so a report always sees a recent count and, once the writer stopped,
 * the exact one.
 */
public final class SimpleCounter implements Counter {
  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(SimpleCounter.class, "count", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through COUNT
  private long count;

  @Override
  public void inc() {
    inc(1);
  }

  @Override
  public void inc(long n) {
    COUNT.setOpaque(this, (long) COUNT.getOpaque(this) + n);
  }

  @Override
  public void dec() {
    inc(-1);
  }

  @Override
  public void dec(long n) {
    inc(-n);
  }

  @Override
  public long getCount() {
    return (long) COUNT.getOpaque(this);
  }
}
