package io.weft.appmaster.autoscale;

import io.weft.appmaster.metrics.MetricStore;
import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster's autoscaler ({@code job.autoscaler.enabled}): every evaluation interval it
 * samples the tasks' metrics ({@link LoadWindow}); once a whole window is collected it decides
 * ({@link ScalingPolicy}), logs every task's decision with its inputs, and when a recommendation held
 * through the stabilization interval ({@link DecisionHold}) rescales the job in place through the
 * same path as {@code weft rescale}. While the job is not running steadily (deploying, restarting,
 * rescaling) it collects nothing, so each window sees one parallelism only. Event thread only;
 * {@link #status} may be read from any thread.
 */
public final class Autoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

  /** The rescales it keeps for the REST API and the UI, the oldest dropped first. */
  static final int ACTIONS_KEPT = 20;

  /**
   * What the REST API and the UI show: the latest evaluation, the latest action, and the log of the
   * last {@link #ACTIONS_KEPT} rescales with the evaluation each acted on (the latest evaluation is
   * replaced every interval; an action's inputs stay).
   */
  public record Status(boolean enabled, long atMillis, String state, List<VertexDecision> decisions,
      String lastAction, long lastActionAtMillis, List<Action> actions) {
    public Status {
      decisions = List.copyOf(decisions);
      actions = List.copyOf(actions);
    }

    public Status(boolean enabled, long atMillis, String state, List<VertexDecision> decisions, String lastAction,
        long lastActionAtMillis) {
      this(enabled, atMillis, state, decisions, lastAction, lastActionAtMillis, List.of());
    }
  }

  /**
   * A rescale the autoscaler started.
   *
   * @param parallelism the new parallelism by task id
   * @param decisions the evaluation it acted on: every task's decision with its inputs
   * @param outcome how it ended ({@code rescaled ...} or {@code ... refused: ...}); null while under way
   * @param endedAtMillis when it ended, or -1
   */
  public record Action(long startedAtMillis, Map<Integer, Integer> parallelism, List<VertexDecision> decisions,
      String outcome, long endedAtMillis) {
    public Action {
      parallelism = Map.copyOf(parallelism);
      decisions = List.copyOf(decisions);
    }
  }

  private final String jobId;
  private final Supplier<JobGraph> graph;
  private final Supplier<List<MetricStore.Report>> reports;
  private final BooleanSupplier steady;
  private final Function<Map<Integer, Integer>, CompletableFuture<String>> rescale;
  private final LongSupplier clock;
  private final ScalingPolicy policy;
  private final LoadWindow window;
  private final DecisionHold hold;
  private final long evaluationMillis;
  private boolean rescaling;
  private volatile Status status;

  /**
   * @param steady whether the job runs with every task RUNNING and no rescale under way
   * @param rescale rescales tasks (by vertex id) in place; completes when done, fails when refused
   */
  public Autoscaler(String jobId, Configuration conf, int slotsPerTaskManager, Supplier<JobGraph> graph,
      Supplier<List<MetricStore.Report>> reports, BooleanSupplier steady,
      Function<Map<Integer, Integer>, CompletableFuture<String>> rescale, LongSupplier clock) {
    this.jobId = jobId;
    this.graph = graph;
    this.reports = reports;
    this.steady = steady;
    this.rescale = rescale;
    this.clock = clock;
    this.policy = new ScalingPolicy(new ScalingPolicy.Settings(conf.get(AutoscalerOptions.TARGET_UTILIZATION),
        conf.get(AutoscalerOptions.TARGET_UTILIZATION_BOUNDARY), conf.get(AutoscalerOptions.VERTEX_MAX_PARALLELISM),
        conf.get(AutoscalerOptions.MAX_CONTAINERS), slotsPerTaskManager,
        conf.get(AutoscalerOptions.CATCH_UP_DURATION).toMillis() / 1000.0));
    this.window = new LoadWindow(positive(conf, AutoscalerOptions.METRICS_WINDOW));
    this.hold = new DecisionHold(conf.get(AutoscalerOptions.STABILIZATION_INTERVAL).toMillis());
    this.evaluationMillis = positive(conf, AutoscalerOptions.EVALUATION_INTERVAL);
    this.status = new Status(true, clock.getAsLong(), "waiting for the job to run", List.of(), null, -1, List.of());
  }

  private static long positive(Configuration conf, io.weft.core.config.ConfigOption<java.time.Duration> option) {
    long millis = conf.get(option).toMillis();
    if (millis <= 0) {
      throw new IllegalArgumentException(option.key() + " " + conf.get(option) + ": it must be positive");
    }
    return millis;
  }

  /** How often {@link #evaluate} should run. */
  public long evaluationIntervalMillis() {
    return evaluationMillis;
  }

  public Status status() {
    return status;
  }

  /** One evaluation: sample, and decide once a window is full. */
  public void evaluate() {
    long now = clock.getAsLong();
    Status before = status;
    if (rescaling || !steady.getAsBoolean()) {
      window.reset();
      hold.reset();
      status = new Status(true, now, rescaling ? "rescaling" : "waiting for every task to run", before.decisions(),
          before.lastAction(), before.lastActionAtMillis(), before.actions());
      return;
    }
    JobGraph current = graph.get();
    window.add(now, jobId, current, reports.get());
    if (!window.full(now)) {
      status = new Status(true, now, "collecting metrics: " + window.collectedMillis(now) / 1000 + " s of the "
          + "window", before.decisions(), before.lastAction(), before.lastActionAtMillis(), before.actions());
      return;
    }
    List<VertexDecision> decisions = policy.evaluate(window.loads(current));
    for (VertexDecision d : decisions) {
      LOG.info("[{}] {}", jobId, d.describe());
    }
    Map<Integer, Integer> act = hold.offer(decisions, now);
    if (act.isEmpty()) {
      long held = hold.heldMillis(now);
      status = new Status(true, now, held < 0 ? "no change needed"
          : "decision held for " + held / 1000 + " s of the stabilization interval", decisions, before.lastAction(),
          before.lastActionAtMillis(), before.actions());
      return;
    }
    rescaling = true;
    Action started = new Action(now, act, decisions, null, -1);
    status = new Status(true, now, "rescaling task(s) " + act, decisions, before.lastAction(),
        before.lastActionAtMillis(), append(before.actions(), null, started));
    LOG.info("[{}] The decision held through the stabilization interval; rescaling task(s) {}", jobId, act);
    CompletableFuture<String> done;
    try {
      done = rescale.apply(act);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((summary, failure) -> {
      // The rescale completes on the event thread (the Rescaler runs there).
      rescaling = false;
      window.reset();
      hold.reset();
      String what = failure == null ? "rescaled task(s) " + act + ": " + summary
          : "rescale of task(s) " + act + " refused: " + (failure.getCause() != null ? failure.getCause() : failure);
      LOG.info("[{}] {}", jobId, what);
      long at = clock.getAsLong();
      Status s = status;
      status = new Status(true, at, what, s.decisions(), what, at,
          append(s.actions(), started, new Action(started.startedAtMillis(), act, decisions, what, at)));
    });
  }

  /** {@code actions} with {@code replaced} (if given) dropped and {@code next} last, at most {@link #ACTIONS_KEPT}. */
  private static List<Action> append(List<Action> actions, Action replaced, Action next) {
    List<Action> out = new java.util.ArrayList<>(actions);
    if (replaced != null) {
      out.remove(replaced);
    }
    out.add(next);
    return out.subList(Math.max(0, out.size() - ACTIONS_KEPT), out.size());
  }
}