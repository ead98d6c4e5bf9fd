package io.weft.launcher;

import io.weft.api.environment.Program;
import io.weft.appmaster.checkpoint.SavepointLocation;
import io.weft.appmaster.web.PlanJson;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.plan.JobGraph;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.cli.CliException;
import io.weft.launcher.cli.ClusterCommand;
import io.weft.launcher.cli.JarProgram;
import io.weft.launcher.cli.LocalRunner;
import io.weft.launcher.cli.RunConfiguration;
import io.weft.launcher.cli.RunOptions;
import io.weft.launcher.cli.Usage;
import io.weft.launcher.cli.Version;
import io.weft.launcher.history.HistoryCommands;
import io.weft.launcher.logs.ApplicationLogs;
import io.weft.launcher.yarn.HadoopConf;
import io.weft.launcher.security.KerberosLogin;
import io.weft.launcher.yarn.YarnCommands;
import io.weft.launcher.yarn.YarnSubmitter;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code weft} command line (scripts/weft). Exit codes: 0 success, 1 the program or the job
 * failed, 2 a usage error or a command this build cannot run yet.
 */
public final class WeftCli {
  private WeftCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, CliEnvironment.fromSystem());
  }

  public static int run(String[] args, PrintStream out, PrintStream err, CliEnvironment environment) {
    try {
      return dispatch(args, out, err, environment);
    } catch (CliException e) {
      err.println(e.getMessage());
      return CliException.EXIT_CODE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int dispatch(String[] args, PrintStream out, PrintStream err, CliEnvironment environment) {
    if (args.length == 0) {
      err.print(Usage.global());
      return CliException.EXIT_CODE;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "-h":
      case "--help":
      case "help":
        out.print(Usage.global());
        return 0;
      case "-v":
      case "--version":
        out.println("Weft " + Version.get());
        return 0;
      case "run":
        return runCommand(rest, out, err, environment);
      case "info":
        return infoCommand(rest, out, err, environment);
      case "historyserver":
        try {
          return HistoryCommands.serve(rest, HistoryCommands.configuration(environment),
              HadoopConf.load(hadoopConfDir(environment)), out);
        } catch (java.io.IOException | InterruptedException e) {
          throw new CliException("historyserver: " + e.getMessage());
        }
      default:
        if (ClusterCommand.NAMES.contains(command)) {
          ClusterCommand parsed = ClusterCommand.parse(command, rest);
          if (parsed.help()) {
            out.print(Usage.cluster(command));
            return 0;
          }
          return clusterCommand(parsed, out, environment);
        }
        throw new CliException("Unknown command '" + command
            + "'; the commands are run, info, list, cancel, savepoint, stop, rescale, logs and historyserver (see 'weft --help')");
    }
  }

  private static int runCommand(String[] args, PrintStream out, PrintStream err, CliEnvironment environment) {
    long startMillis = System.currentTimeMillis();
    RunOptions options = RunOptions.parse(args);
    if (options.help()) {
      out.print(Usage.run());
      return 0;
    }
    Configuration conf = RunConfiguration.build(options, environment);
    for (String key : RunConfiguration.unknownDynamicKeys(options)) {
      err.println("Warning: -yD " + key + " is not an option Weft knows (see docs/configuration.md); is it misspelled?");
    }
    for (String key : RunConfiguration.unknownFileKeys(environment)) {
      err.println("Warning: " + key + " in " + environment.confFile() + " is not an option Weft knows (see"
          + " docs/configuration.md); is it misspelled?");
    }
    if (RunOptions.LOCAL.equals(conf.get(CoreOptions.EXECUTION_TARGET))) {
      refuseWhatOnlyYarnDoes(options, conf, environment);
    }
    try (JarProgram program = JarProgram.open(options.jar(), options.mainClass())) {
      if (RunOptions.LOCAL.equals(conf.get(CoreOptions.EXECUTION_TARGET))) {
        if (conf.get(LauncherOptions.SHIP_FILES) != null) {
          err.println("-yt (" + LauncherOptions.SHIP_FILES.key() + ") ships files to YARN containers; with -m local"
              + " the program runs here and reads them where they are");
        }
        return new LocalRunner(out, err, environment.debug()).run(program, conf, options.programArgs());
      }
      YarnConfiguration hadoopConf = HadoopConf.load(hadoopConfDir(environment), conf);
      if (conf.get(CheckpointOptions.SAVEPOINT_PATH) != null) {
        // Read as the user the job is submitted as (the submission logs in again, inside YarnSubmitter).
        KerberosLogin.login(conf, hadoopConf).run(() -> {
          checkSavepoint(conf, hadoopConf);
          return null;
        });
      }
      return new YarnSubmitter(hadoopConf, environment, out, err)
          .run(program, conf, options.programArgs(), startMillis);
    } catch (CliException e) {
      throw e;
    } catch (Exception e) {
      throw new CliException("run: cannot reach the YARN cluster: " + e);
    }
  }

  /**
   * {@code weft info}: runs the program's main() until its execute() (nothing is submitted or run)
   * and prints the plan as JSON. Takes run's flags, since parallelism and configuration shape the plan.
   */
  private static int infoCommand(String[] args, PrintStream out, PrintStream err, CliEnvironment environment) {
    RunOptions options = RunOptions.parse(args);
    if (options.help()) {
      out.print(Usage.info());
      return 0;
    }
    Configuration conf = RunConfiguration.build(options, environment);
    try (JarProgram program = JarProgram.open(options.jar(), options.mainClass())) {
      JobGraph graph = Program.capturePlan(program.mainClassName(), options.programArgs().toArray(new String[0]),
          program.classLoader(), conf);
      out.println(PlanJson.of(graph));
      return 0;
    } catch (CliException e) {
      throw e;
    } catch (Throwable t) {
      err.println("The program failed before it built its plan: " + (t.getMessage() != null ? t.getMessage() : t));
      return 1;
    }
  }

  /**
   * A local run would silently drop what only a YARN run does: flags that size or place containers
   * (given without -m, they mean the user expected a cluster), and a savepoint to restore.
   */
  private static void refuseWhatOnlyYarnDoes(RunOptions options, Configuration conf, CliEnvironment environment) {
    List<String> yarnFlags = options.yarnOnlyFlags();
    if (!yarnFlags.isEmpty() && options.target() == null && !environment.hadoopConfFound()) {
      throw new CliException(String.join(", ", yarnFlags) + (yarnFlags.size() > 1 ? " are" : " is")
          + " for YARN, but no YARN cluster is configured, so the job would run in this JVM: set HADOOP_CONF_DIR"
          + " to the cluster's configuration directory (scripts/local-cluster start prints the export line),"
          + " or run here with -m local and without " + (yarnFlags.size() > 1 ? "them" : "it"));
    }
    if (!yarnFlags.isEmpty()) {
      throw new CliException(String.join(", ", yarnFlags) + " size or place YARN containers, but this run is local (in"
          + " this JVM): drop " + (yarnFlags.size() > 1 ? "them" : "it") + ", or run with -m yarn-cluster");
    }
    String savepoint = conf.get(CheckpointOptions.SAVEPOINT_PATH);
    if (savepoint != null) {
      throw new CliException((options.savepointPath() != null ? "-s " : CheckpointOptions.SAVEPOINT_PATH.key() + " ")
          + savepoint + ": restoring from a savepoint needs a YARN run (weft run -m yarn-cluster -s ...); a local run"
          + " would start the job empty");
    }
  }

  /**
   * Refuses {@code -s} when its savepoint is missing, unreadable or does not parse, before YARN is
   * asked for anything: otherwise the ApplicationMaster would find out after the upload, and a
   * detached run would have exited 0.
   */
  private static void checkSavepoint(Configuration conf, YarnConfiguration hadoopConf) {
    String savepoint = conf.get(CheckpointOptions.SAVEPOINT_PATH);
    if (savepoint == null || savepoint.isBlank()) {
      return;
    }
    try {
      SavepointLocation.read(savepoint, hadoopConf);
    } catch (IOException e) {
      throw new CliException("-s (" + CheckpointOptions.SAVEPOINT_PATH.key() + ") " + savepoint + ": " + e.getMessage());
    }
  }

  /**
   * The commands that talk to a running application run as the Kerberos user of the configuration
   * file's {@code security.kerberos.login.keytab}/{@code principal} when set (else the ticket
   * cache), the same login as {@code weft run}'s ({@link KerberosLogin}); without Kerberos as is.
   */
  private static int clusterCommand(ClusterCommand command, PrintStream out, CliEnvironment environment) {
    if (command.name().equals("list") || command.name().equals("cancel") || command.name().equals("savepoint")
        || command.name().equals("stop") || command.name().equals("rescale") || command.name().equals("logs")) {
      Configuration conf = HistoryCommands.configuration(environment);
      YarnConfiguration hadoopConf = HadoopConf.load(hadoopConfDir(environment), conf);
      KerberosLogin login = KerberosLogin.login(conf, hadoopConf);
      try {
        return login.run(() -> clusterCommandAs(command, out, environment, hadoopConf));
      } catch (CliException e) {
        throw e;
      } catch (Exception e) {
        throw new CliException(command.name() + ": cannot reach the YARN cluster: " + e);
      }
    }
    throw new CliException("weft " + command.name() + " is not a command (see 'weft --help')");
  }

  private static int clusterCommandAs(ClusterCommand command, PrintStream out, CliEnvironment environment,
      YarnConfiguration hadoopConf) {
    YarnCommands yarn = new YarnCommands(hadoopConf);
    try {
      switch (command.name()) {
        case "list":
          int listed = yarn.list(out);
          if (command.all()) {
            out.println();
            HistoryCommands.listArchived(HistoryCommands.configuration(environment), hadoopConf, out);
          }
          return listed;
        case "cancel":
          return yarn.cancel(command.applicationId(), out);
        case "savepoint":
          if (command.disposePath() != null) {
            return yarn.dispose(command.disposePath(), out);
          }
          return yarn.savepoint(command.applicationId(), command.savepointDirectory(), false, out);
        case "stop":
          return yarn.savepoint(command.applicationId(), command.savepointDirectory(), true, command.drain(), out);
        case "rescale":
          return yarn.rescale(command.applicationId(), command.parallelism(), command.vertices(), out);
        case "logs":
          try (ApplicationLogs logs = new ApplicationLogs(hadoopConf)) {
            org.apache.hadoop.yarn.api.records.ApplicationId app =
                org.apache.hadoop.yarn.api.records.ApplicationId.fromString(command.applicationId());
            return command.follow() ? logs.follow(app, command.container(), command.logType(), command.tailLines(), out)
                : logs.print(app, command.container(), command.logType(), command.tailLines(), out);
          }
        default:
          throw new CliException("weft " + command.name() + " is not a command (see 'weft --help')");
      }
    } catch (CliException e) {
      throw e;
    } catch (Exception e) {
      throw new CliException(command.name() + ": cannot reach the YARN cluster: " + e);
    }
  }

  /** The cluster's configuration directory; without one there is no cluster to talk to. */
  static String hadoopConfDir(CliEnvironment environment) {
    String dir = environment.env("HADOOP_CONF_DIR");
    if (dir == null) {
      throw new CliException("No YARN cluster is configured: set HADOOP_CONF_DIR to the directory of its"
          + " yarn-site.xml and core-site.xml, or start the local cluster with scripts/local-cluster start");
    }
    return dir;
  }
}
