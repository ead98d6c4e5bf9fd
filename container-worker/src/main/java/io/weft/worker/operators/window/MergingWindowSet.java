package io.weft.worker.operators.window;

import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.windowing.assigners.MergingWindowAssigner;
import io.weft.api.windowing.windows.Window;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.TypeSerializer;
import io.weft.state.keyed.KeyedStateBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live windows of one key of a merging assigner (sessions), each with its "state window":
 * the namespace that holds its contents. When windows merge, the result keeps the state window
 * of one of them and the others' contents are merged into it, so the contents of a growing
 * session are not copied on every element. Kept in keyed state (default namespace) so that it
 * can be snapshotted with the contents.
 */
final class MergingWindowSet<W extends Window> {
  static final String STATE_NAME = "window-merging-set";

  /** Told about every merge, to merge contents, trigger state and timers. */
  interface Merger<W> {
    void merge(W result, Collection<W> mergedWindows, W stateWindow, Collection<W> mergedStateWindows)
        throws Exception;
  }

  private final KeyedStateBackend<?> backend;
  private final MergingWindowAssigner<?, W> assigner;
  private final MapState<W, W> stored;
  private final Map<W, W> stateWindows = new HashMap<>();
  private boolean changed;

  @SuppressWarnings("unchecked")
  MergingWindowSet(KeyedStateBackend<?> backend, MergingWindowAssigner<?, W> assigner, TypeSerializer<?> windows) {
    this.backend = backend;
    this.assigner = assigner;
    Class<W> type = (Class<W>) (Class<?>) Window.class;
    TypeInfo<W> windowType = WindowSerializers.typeInfo((TypeSerializer<W>) windows, type);
    this.stored = windows instanceof WindowSerializers.Unwritable
        ? backend.getMapState(new MapStateDescriptor<>(STATE_NAME, type, type))
        : backend.getMapState(new MapStateDescriptor<>(STATE_NAME, windowType, windowType));
  }

  /** Reads the current key's windows. */
  void load() throws Exception {
    backend.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    stateWindows.clear();
    for (Map.Entry<W, W> e : stored.entries()) {
      stateWindows.put(e.getKey(), e.getValue());
    }
    changed = false;
  }

  /** Writes the current key's windows back, if they changed since {@link #load}. */
  void persist() throws Exception {
    if (!changed) {
      return;
    }
    backend.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    stored.clear();
    if (!stateWindows.isEmpty()) {
      stored.putAll(stateWindows);
    }
    changed = false;
  }

  /** The namespace holding {@code window}'s contents, or null if the window is not (any more) live. */
  W stateWindowOf(W window) {
    return stateWindows.get(window);
  }

  /** Forgets a window whose state was cleared. */
  void retire(W window) {
    if (stateWindows.remove(window) == null) {
      throw new IllegalStateException("window " + window + " is not in the merging window set");
    }
    changed = true;
  }

  /**
   * Adds {@code newWindow}, merging it with the live windows it overlaps; returns the window it
   * ended up in (itself, or the result of a merge).
   */
  W add(W newWindow, Merger<W> merger) throws Exception {
    List<W> all = new ArrayList<>(stateWindows.keySet());
    all.add(newWindow);
    List<Group<W>> groups = new ArrayList<>();
    assigner.mergeWindows(all, (toBeMerged, result) -> groups.add(new Group<>(new ArrayList<>(toBeMerged), result)));

    W resultOfNew = newWindow;
    boolean newWindowMerged = false;
    for (Group<W> g : groups) {
      // The new window has no state yet: only the live windows of the group have contents.
      List<W> live = g.windows();
      if (live.remove(newWindow)) {
        newWindowMerged = true;
        resultOfNew = g.result();
      }
      W stateWindow = stateWindows.get(live.get(0));
      List<W> otherStateWindows = new ArrayList<>();
      for (W w : live) {
        W s = stateWindows.remove(w);
        if (s != null && !s.equals(stateWindow)) {
          otherStateWindows.add(s);
        }
      }
      stateWindows.put(g.result(), stateWindow);
      changed = true;
      // A new window inside a live one changes nothing: that window stays as it is.
      boolean unchanged = live.size() == 1 && live.get(0).equals(g.result());
      if (!unchanged) {
        merger.merge(g.result(), live, stateWindow, otherStateWindows);
      }
    }
    if (!newWindowMerged) {
      stateWindows.put(newWindow, newWindow);
      changed = true;
    }
    return resultOfNew;
  }

  /** Number of live windows of the current key, for tests. */
  int size() {
    return stateWindows.size();
  }

  private record Group<W>(List<W> windows, W result) {}
}
