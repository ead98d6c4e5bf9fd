package io.weft.appmaster.autoscale;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Acts on a recommendation only once it held through the stabilization interval: the same tasks to
 * rescale, each in the same direction, at every evaluation since it first appeared. Any evaluation
 * that recommends otherwise (or nothing) starts over. Pure: times are given.
 */
public final class DecisionHold {
  private final long stabilizationMillis;
  /** Task id to +1 (up) or -1 (down) of the recommendation being held; empty when none. */
  private Map<Integer, Integer> held = Map.of();
  private long since;

  public DecisionHold(long stabilizationMillis) {
    this.stabilizationMillis = stabilizationMillis;
  }

  /**
   * The new parallelism by task id to apply now, or an empty map: nothing to do, or the recommendation
   * has not held long enough yet.
   */
  public Map<Integer, Integer> offer(List<VertexDecision> decisions, long nowMillis) {
    Map<Integer, Integer> directions = new TreeMap<>();
    Map<Integer, Integer> target = new TreeMap<>();
    for (VertexDecision d : decisions) {
      if (d.changes()) {
        directions.put(d.vertexId(), Integer.signum(d.newParallelism() - d.parallelism()));
        target.put(d.vertexId(), d.newParallelism());
      }
    }
    if (directions.isEmpty()) {
      reset();
      return Map.of();
    }
    if (!directions.equals(held)) {
      held = directions;
      since = nowMillis;
    }
    return nowMillis - since >= stabilizationMillis ? target : Map.of();
  }

  /** How long the current recommendation has held, or -1 if none. */
  public long heldMillis(long nowMillis) {
    return held.isEmpty() ? -1 : nowMillis - since;
  }

  public void reset() {
    held = Map.of();
  }
}
