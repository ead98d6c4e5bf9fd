package io.weft.api.windowing.windows;

/**
 * A group of elements that a window function sees together. Windows are compared by value:
 * they key the window's contents and timers (as the state namespace).
 */
public abstract class Window {
  /** The largest timestamp that still belongs to this window. */
  public abstract long maxTimestamp();
}
