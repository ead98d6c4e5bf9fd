package io.weft.api.environment;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanCapture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * How the client obtains a program's plan: by running main() until its first execute() (see
 * {@link PlanCapture}). main() runs there once per submission; the plan, with the function objects
 * it built, reaches the containers as a {@link io.weft.core.plan.PlanFile}.
 */
public final class Program {
  private Program() {}

  /**
   * Runs {@code mainClass}'s main(args), loaded from {@code loader} and with {@code conf} as the
   * context configuration, until its first execute(); returns that plan.
   */
  public static JobGraph capturePlan(String mainClass, String[] args, ClassLoader loader, Configuration conf)
      throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    StreamEnvironment.setContextConfiguration(conf);
    try {
      Method main = Class.forName(mainClass, true, loader).getMethod("main", String[].class);
      return PlanCapture.capture(() -> {
        try {
          main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception ex) {
            throw ex;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
        return null;
      });
    } finally {
      StreamEnvironment.setContextConfiguration(null);
      thread.setContextClassLoader(previous);
    }
  }
}
