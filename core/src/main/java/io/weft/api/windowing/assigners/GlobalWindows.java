package io.weft.api.windowing.assigners;

import io.weft.api.windowing.triggers.Trigger;
import io.weft.api.windowing.triggers.TriggerResult;
import io.weft.api.windowing.windows.GlobalWindow;
import java.util.Collection;
import java.util.List;

/**
 * Every element of a key in one window that never ends. Its default trigger never fires, so it
 * needs a trigger of its own, e.g. {@code .trigger(CountTrigger.of(100))}. Its state is never
 * cleaned up by time: purge it with the trigger (e.g. PurgingTrigger).
 */
public final class GlobalWindows extends WindowAssigner<Object, GlobalWindow> {
  private static final long serialVersionUID = 1L;

  private GlobalWindows() {}

  public static GlobalWindows create() {
    return new GlobalWindows();
  }

  @Override
  public Collection<GlobalWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
    return List.of(GlobalWindow.get());
  }

  @Override
  public Trigger<Object, GlobalWindow> getDefaultTrigger() {
    return new NeverTrigger();
  }

  @Override
  public boolean isEventTime() {
    return false;
  }

  @Override
  public String toString() {
    return "GlobalWindows()";
  }

  /** Never fires: the default of global windows, which only a user's trigger can evaluate. */
  public static final class NeverTrigger extends Trigger<Object, GlobalWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public TriggerResult onElement(Object element, long timestamp, GlobalWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, GlobalWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, GlobalWindow window, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
      return true;
    }

    @Override
    public void onMerge(GlobalWindow window, OnMergeContext ctx) {}

    @Override
    public void clear(GlobalWindow window, TriggerContext ctx) {}

    @Override
    public String toString() {
      return "NeverTrigger()";
    }
  }
}
