package io.weft.api.environment;

import io.weft.core.config.Configuration;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanCapture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A user program as Weft ships it to its containers (the class whose main() builds the job, and
 * that main()'s arguments, kept in the job's configuration), and how any process obtains the
 * program's plan: by running main() until its first execute() (see {@link PlanCapture}).
 */
public final class Program {
  public static final String MAIN_CLASS_KEY = "weft.program.main-class";
  /** The arguments, each base64-encoded (so any character survives), joined with ','. */
  public static final String ARGS_KEY = "weft.program.args";

  private Program() {}

  /** Records the program in a configuration that will be shipped. */
  public static void store(Configuration conf, String mainClass, List<String> args) {
    List<String> parts = new ArrayList<>();
    for (String a : args) {
      parts.add(Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
    }
    conf.setString(MAIN_CLASS_KEY, mainClass);
    conf.setString(ARGS_KEY, String.join(",", parts));
  }

  /** The plan of the program a shipped configuration names, with its classes from {@code loader}. */
  public static JobGraph capturePlan(Configuration conf, ClassLoader loader) throws Exception {
    String mainClass = conf.getString(MAIN_CLASS_KEY);
    if (mainClass == null) {
      throw new IllegalStateException(MAIN_CLASS_KEY + " is missing from the job's configuration");
    }
    return capturePlan(mainClass, args(conf), loader, conf);
  }

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

  static String[] args(Configuration conf) {
    String encoded = conf.getString(ARGS_KEY);
    if (encoded == null || encoded.isEmpty()) {
      return new String[0];
    }
    String[] parts = encoded.split(",", -1);
    String[] args = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      args[i] = new String(Base64.getDecoder().decode(parts[i]), StandardCharsets.UTF_8);
    }
    return args;
  }
}
