package io.weft.core.plan;

import java.util.concurrent.Callable;

/**
 * Runs a user's main() only to obtain its plan: the first execute() on this thread hands over its
 * job graph and ends main() instead of running the job. The launcher uses it to submit a plan to
 * YARN (its containers read that plan from the staged {@link PlanFile}, never running main()).
 */
public final class PlanCapture {
  private static final ThreadLocal<PlanCapture> ACTIVE = new ThreadLocal<>();
  private JobGraph captured;

  private PlanCapture() {}

  /** Thrown through the user's main() to end it once the plan is captured. An Error, so that a
   *  {@code catch (Exception e)} in user code does not swallow it. */
  public static final class Captured extends Error {
    private static final long serialVersionUID = 1L;

    Captured() {
      super("plan captured", null, false, false);
    }
  }

  /** Runs {@code main} and returns the plan its first execute() built. */
  public static JobGraph capture(Callable<?> main) throws Exception {
    PlanCapture capture = new PlanCapture();
    ACTIVE.set(capture);
    try {
      main.call();
    } catch (Captured expected) {
      // main() reached execute(): the plan is ours.
    } finally {
      ACTIVE.remove();
    }
    if (capture.captured == null) {
      throw new IllegalStateException("The program's main() returned without calling execute()");
    }
    return capture.captured;
  }

  /** Called by execute(): in capture mode stores the plan and ends main(); otherwise returns. */
  public static void offer(JobGraph graph) {
    PlanCapture capture = ACTIVE.get();
    if (capture != null) {
      capture.captured = graph;
      throw new Captured();
    }
  }
}
