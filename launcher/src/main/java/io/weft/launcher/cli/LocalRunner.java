package io.weft.launcher.cli;

import io.weft.api.environment.StreamEnvironment;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import java.io.PrintStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code weft run -m local}: calls the program's main() in this JVM, where execute() runs the job. */
public final class LocalRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

  /** The exit code when the program throws. */
  public static final int PROGRAM_FAILED = 1;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean debug;

  public LocalRunner(PrintStream out, PrintStream err, boolean debug) {
    this.out = out;
    this.err = err;
    this.debug = debug;
  }

  public int run(JarProgram program, Configuration configuration, List<String> args) {
    Configuration conf = new Configuration(configuration).set(CoreOptions.EXECUTION_TARGET, RunOptions.LOCAL);
    LOG.info("Running {} from {} in this JVM with parallelism {}", program.mainClassName(), program.jar(),
        conf.get(CoreOptions.DEFAULT_PARALLELISM));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // The executor finds the user's classes through the context class loader when it copies the operators.
    thread.setContextClassLoader(program.classLoader());
    StreamEnvironment.setContextConfiguration(conf);
    long start = System.nanoTime();
    try {
      program.invokeMain(args.toArray(new String[0]));
    } catch (CliException e) {
      throw e;
    } catch (Throwable t) {
      reportFailure(t);
      return PROGRAM_FAILED;
    } finally {
      StreamEnvironment.setContextConfiguration(null);
      thread.setContextClassLoader(previous);
    }
    out.println("Job finished in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return 0;
  }

  private void reportFailure(Throwable t) {
    err.println("The program failed: " + (t.getMessage() != null ? t.getMessage() : t.getClass().getName()));
    if (debug) {
      t.printStackTrace(err);
      return;
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(t);
    for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
      err.println("  caused by " + c);
    }
    err.println("Set WEFT_DEBUG=1 for the full stack traces.");
  }
}
