package io.weft.appmaster.autoscale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides each task's parallelism from what the tasks did over a window; pure (no YARN, no clock).
 *
 * <p>A task's true processing rate is what it processed per second of busy time: busy time excludes
 * idle and backpressured time, so this is its capacity even while it waits on others. The target rate
 * starts at the sources (what they emitted, plus the growth of their backlog and the backlog over the
 * catch-up duration when they report one) and flows downstream through each task's ratio of records
 * out to records in. A task needs {@code ceil(target / (trueRate * targetUtilization))} subtasks; it
 * is rescaled only when its utilization at the current parallelism is outside target +- boundary,
 * so small changes of load do not move it. Bounds: key groups, the vertex max, FORWARD edges (equal
 * parallelism), and the containers the job may use.
 */
public final class ScalingPolicy {
  /** The knobs (see {@link AutoscalerOptions}). */
  public record Settings(double targetUtilization, double boundary, int vertexMaxParallelism, int maxContainers,
      int slotsPerTaskManager, double catchUpSeconds) {
    public Settings {
      if (!(targetUtilization > 0 && targetUtilization <= 1)) {
        throw new IllegalArgumentException(AutoscalerOptions.TARGET_UTILIZATION.key() + " " + targetUtilization
            + ": it must be within (0, 1]");
      }
      if (!(boundary >= 0 && boundary < 1)) {
        throw new IllegalArgumentException(AutoscalerOptions.TARGET_UTILIZATION_BOUNDARY.key() + " " + boundary
            + ": it must be within [0, 1)");
      }
      if (vertexMaxParallelism < 1) {
        throw new IllegalArgumentException(AutoscalerOptions.VERTEX_MAX_PARALLELISM.key() + " " + vertexMaxParallelism
            + ": it must be at least 1");
      }
      if (maxContainers < 1) {
        throw new IllegalArgumentException(AutoscalerOptions.MAX_CONTAINERS.key() + " " + maxContainers
            + ": it must be at least 1");
      }
      if (slotsPerTaskManager < 1 || catchUpSeconds <= 0) {
        throw new IllegalArgumentException("slots " + slotsPerTaskManager + " and "
            + AutoscalerOptions.CATCH_UP_DURATION.key() + " " + catchUpSeconds + " s must be positive");
      }
    }
  }

  /** A task processes fewer records per second than this: too little to measure a rate on. */
  static final double MIN_PROCESSED_PER_SECOND = 1e-6;

  private final Settings settings;

  public ScalingPolicy(Settings settings) {
    this.settings = settings;
  }

  /** A decision for every task of {@code loads}, in their order. */
  public List<VertexDecision> evaluate(List<VertexLoad> loads) {
    Map<Integer, VertexLoad> byId = new LinkedHashMap<>();
    for (VertexLoad l : loads) {
      byId.put(l.vertexId(), l);
    }
    Map<Integer, Double> targetIn = new HashMap<>();
    for (VertexLoad l : loads) {
      targetIn(l, byId, targetIn, 0);
    }
    Map<Integer, VertexDecision> decisions = new LinkedHashMap<>();
    for (VertexLoad l : loads) {
      decisions.put(l.vertexId(), decide(l, targetIn.get(l.vertexId())));
    }
    keepForwardEdgesEqual(byId, decisions);
    capToContainers(decisions);
    return new ArrayList<>(decisions.values());
  }

  /** Records per second {@code l} must read (a source: emit). */
  private double targetIn(VertexLoad l, Map<Integer, VertexLoad> byId, Map<Integer, Double> memo, int depth) {
    Double known = memo.get(l.vertexId());
    if (known != null) {
      return known;
    }
    if (depth > byId.size()) {
      throw new IllegalArgumentException("the tasks' inputs form a cycle at task " + l.vertexId());
    }
    double target;
    if (l.source()) {
      target = l.recordsOutPerSecond();
      if (l.pendingRecords() >= 0) {
        // What arrives = what was read + how fast the backlog grew; the backlog itself is read within the catch-up time.
        target = Math.max(0, target + l.pendingGrowthPerSecond()) + l.pendingRecords() / settings.catchUpSeconds();
      }
    } else {
      target = 0;
      for (int input : l.inputs()) {
        VertexLoad up = byId.get(input);
        if (up != null) {
          target += targetOut(up, byId, memo, depth + 1);
        }
      }
    }
    memo.put(l.vertexId(), target);
    return target;
  }

  private double targetOut(VertexLoad up, Map<Integer, VertexLoad> byId, Map<Integer, Double> memo, int depth) {
    double in = targetIn(up, byId, memo, depth);
    if (up.source()) {
      return in;
    }
    double ratio = up.recordsInPerSecond() > MIN_PROCESSED_PER_SECOND
        ? up.recordsOutPerSecond() / up.recordsInPerSecond() : 0;
    return in * ratio;
  }

  private VertexDecision decide(VertexLoad l, double target) {
    int p = l.parallelism();
    double processed = l.processedPerSecond();
    if (processed < MIN_PROCESSED_PER_SECOND || l.busyRatio() <= 0) {
      return new VertexDecision(l.vertexId(), l.name(), p, p, l.busyRatio(), processed, Double.NaN, target, Double.NaN,
          "kept: no records processed in the window, no rate to measure");
    }
    double trueRate = processed / p / l.busyRatio();
    double utilization = target / (trueRate * p);
    int needed = (int) Math.ceil(target / (trueRate * settings.targetUtilization()) - 1e-9);
    int bound = Math.min(l.maxParallelism(), settings.vertexMaxParallelism());
    int clamped = Math.max(1, Math.min(bound, needed));
    int next = p;
    String reason;
    if (utilization > settings.targetUtilization() + settings.boundary()) {
      next = Math.max(p, clamped);
      reason = next == p ? "kept: above the scale-up bound but at its max parallelism " + bound
          : "scale up: utilization above " + fmt(settings.targetUtilization() + settings.boundary())
              + (clamped < needed ? ", capped at max parallelism " + bound : "");
    } else if (utilization < settings.targetUtilization() - settings.boundary()) {
      next = Math.min(p, clamped);
      reason = next == p ? "kept: below the scale-down bound but needs " + needed
          : "scale down: utilization below " + fmt(settings.targetUtilization() - settings.boundary());
    } else {
      reason = "kept: utilization within " + fmt(settings.targetUtilization()) + " +- " + fmt(settings.boundary());
    }
    return new VertexDecision(l.vertexId(), l.name(), p, next, l.busyRatio(), processed, trueRate, target,
        utilization, reason);
  }

  /** Tasks joined by a FORWARD edge get the larger of their two recommendations (both keep one subtask per subtask). */
  private static void keepForwardEdgesEqual(Map<Integer, VertexLoad> byId, Map<Integer, VertexDecision> decisions) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (VertexLoad l : byId.values()) {
        for (int down : l.forwardTo()) {
          VertexDecision a = decisions.get(l.vertexId());
          VertexDecision b = decisions.get(down);
          if (a == null || b == null || a.newParallelism() == b.newParallelism()) {
            continue;
          }
          int p = Math.max(a.newParallelism(), b.newParallelism());
          VertexDecision lower = a.newParallelism() < p ? a : b;
          String other = lower == a ? b.name() : a.name();
          decisions.put(lower.vertexId(), with(lower, p, lower.reason() + "; p=" + p + " to match task '" + other
              + "' across a FORWARD edge"));
          changed = true;
        }
      }
    }
  }

  /** No task above maxContainers * slots (unless it already runs above: then it is not grown). */
  private void capToContainers(Map<Integer, VertexDecision> decisions) {
    int cap = settings.maxContainers() * settings.slotsPerTaskManager();
    for (VertexDecision d : new ArrayList<>(decisions.values())) {
      int limit = Math.max(cap, Math.min(d.parallelism(), d.newParallelism()));
      if (d.newParallelism() > limit) {
        String by = AutoscalerOptions.MAX_CONTAINERS.key() + "=" + settings.maxContainers() + " x "
            + settings.slotsPerTaskManager() + " slots";
        decisions.put(d.vertexId(), with(d, limit, limit == d.parallelism()
            ? "kept: needs p=" + d.newParallelism() + " but capped at " + limit + " by " + by
            : d.reason() + "; capped at " + limit + " by " + by));
      }
    }
  }

  private static VertexDecision with(VertexDecision d, int p, String reason) {
    return new VertexDecision(d.vertexId(), d.name(), d.parallelism(), p, d.busyRatio(), d.processedPerSecond(),
        d.trueRatePerSubtask(), d.targetRate(), d.utilization(), reason);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
