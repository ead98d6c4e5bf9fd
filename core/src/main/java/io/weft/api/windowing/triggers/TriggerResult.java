package io.weft.api.windowing.triggers;

/** What a trigger decides: whether to evaluate the window now, and whether to drop its contents. */
public enum TriggerResult {
  /** Nothing happens. */
  CONTINUE(false, false),
  /** The window function runs on the contents; they stay for later firings. */
  FIRE(true, false),
  /** The contents are dropped without running the window function. */
  PURGE(false, true),
  /** The window function runs, then the contents are dropped. */
  FIRE_AND_PURGE(true, true);

  private final boolean fire;
  private final boolean purge;

  TriggerResult(boolean fire, boolean purge) {
    this.fire = fire;
    this.purge = purge;
  }

  public boolean isFire() {
    return fire;
  }

  public boolean isPurge() {
    return purge;
  }
}
