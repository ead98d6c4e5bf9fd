package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.windows.Window;
import java.io.Serializable;
import java.util.Collection;

/** Puts each element into zero or more windows, and names the trigger those windows get by default. */
public abstract class WindowAssigner<T, W extends Window> implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The windows {@code element} belongs to.
   *
   * @param timestamp the element's event-time timestamp (Long.MIN_VALUE when it has none)
   */
  public abstract Collection<W> assignWindows(T element, long timestamp, WindowAssignerContext context);

  public abstract Trigger<T, W> getDefaultTrigger();

  /** True when windows follow event time: then lateness applies and the watermark ends windows. */
  public abstract boolean isEventTime();

  /** What an assigner can ask the runtime. */
  public interface WindowAssignerContext {
    long getCurrentProcessingTime();
  }
}
