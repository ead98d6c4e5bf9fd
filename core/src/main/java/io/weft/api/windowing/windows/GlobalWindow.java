package io.weft.api.windowing.windows;

/** The one window that holds every element of a key; it never ends by itself (see GlobalWindows). */
public final class GlobalWindow extends Window {
  private static final GlobalWindow INSTANCE = new GlobalWindow();

  private GlobalWindow() {}

  public static GlobalWindow get() {
    return INSTANCE;
  }

  @Override
  public long maxTimestamp() {
    return Long.MAX_VALUE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobalWindow;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "GlobalWindow";
  }
}
