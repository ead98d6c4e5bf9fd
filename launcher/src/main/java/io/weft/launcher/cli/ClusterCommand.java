package io.weft.launcher.cli;

import io.weft.appmaster.logs.ContainerJvm;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The commands that talk to a YARN application: {@code list}, {@code cancel},
 * {@code savepoint}, {@code stop}, {@code logs} and {@code rescale}. Their arguments are parsed here; {@code YarnCommands} does them.
 */
public final class ClusterCommand {
  public static final List<String> NAMES = List.of("list", "cancel", "savepoint", "stop", "logs", "rescale");

  private static final Pattern APPLICATION_ID = Pattern.compile("application_\\d+_\\d+");
  /** A job's id names its application: job_<cluster>_<n> runs in application_<cluster>_<n>. */
  private static final Pattern JOB_ID = Pattern.compile("job_(\\d+_\\d+)");
  private static final Pattern CONTAINER_ID = Pattern.compile("container_(e\\d+_)?\\d+_\\d+_\\d+_\\d+");

  private final String name;
  private final boolean help;
  private final String applicationId;
  private final String savepointDirectory;
  private final String disposePath;
  private String container;
  private int tailLines = -1;
  private String logType;
  private boolean follow;
  private boolean all;
  private boolean drain;
  /** rescale: the new parallelism of every task (0: keep each task's) and per task. */
  private int parallelism;
  private final java.util.Map<String, Integer> vertices = new java.util.TreeMap<>();

  private ClusterCommand(String name, boolean help, String applicationId, String savepointDirectory,
      String disposePath) {
    this.name = name;
    this.help = help;
    this.applicationId = applicationId;
    this.savepointDirectory = savepointDirectory;
    this.disposePath = disposePath;
  }

  public static Options options(String name) {
    Options o = new Options();
    if (name.equals("stop")) {
      o.addOption(Option.builder("p").longOpt("savepointPath").hasArg().argName("dir")
          .desc("Directory for the final savepoint; default: the configured savepoint directory").build());
      o.addOption(Option.builder("d").longOpt("drain")
          .desc("Emit the end of event time (MAX_WATERMARK) before the savepoint, so event-time windows fire").build());
    }
    if (name.equals("savepoint")) {
      o.addOption(Option.builder("d").longOpt("dispose").hasArg().argName("savepointPath")
          .desc("Delete this savepoint (after checking it is one) instead of taking one").build());
    }
    if (name.equals("logs")) {
      o.addOption(Option.builder("c").longOpt("container").hasArg().argName("containerId")
          .desc("Only this container's logs").build());
      o.addOption(Option.builder("n").longOpt("tail").hasArg().argName("lines")
          .desc("Only the last lines of each log file (with --follow: of what is there when it starts)").build());
      o.addOption(Option.builder("t").longOpt("type").hasArg().argName("file")
          .desc("Only this log file: " + String.join(", ", ContainerJvm.logTypes())).build());
      o.addOption(Option.builder("f").longOpt("follow")
          .desc("While the application runs, print what its containers log as they log it; once it ended, the rest"
              + " from the aggregated logs").build());
    }
    if (name.equals("rescale")) {
      o.addOption(Option.builder("p").longOpt("parallelism").hasArg().argName("N")
          .desc("The new parallelism of every task (at most its max parallelism)").build());
      o.addOption(Option.builder().longOpt("vertex").hasArg().argName("NAME=N")
          .desc("The new parallelism of one task, by its id, its name or an operator's name or uid; repeatable,"
              + " over -p").build());
    }
    if (name.equals("list")) {
      o.addOption(Option.builder("a").longOpt("all")
          .desc("Also the ended jobs archived in jobmanager.archive.fs.dir").build());
    }
    o.addOption(Option.builder("h").longOpt("help").desc("Print these options").build());
    return o;
  }

  /** The positional arguments after the command name. */
  public static String arguments(String name) {
    switch (name) {
      case "list":
        return "";
      case "savepoint":
        return "<applicationId|jobId> [targetDirectory] | -d <savepointPath>";
      default:
        return "<applicationId|jobId>";
    }
  }

  public static ClusterCommand parse(String name, String[] args) {
    CommandLine cmd;
    try {
      cmd = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options(name), args);
    } catch (MissingArgumentException e) {
      Option o = e.getOption();
      String flag = o.getOpt() != null ? "-" + o.getOpt() : "--" + o.getLongOpt();
      throw new CliException(name + ": " + flag + " needs a value: " + flag + " <" + o.getArgName() + ">");
    } catch (ParseException e) {
      throw new CliException(name + ": " + e.getMessage() + "; see 'weft " + name + " --help'");
    }
    if (cmd.hasOption("h")) {
      return new ClusterCommand(name, true, null, null, null);
    }
    List<String> rest = cmd.getArgList();
    if (cmd.hasOption("d") && name.equals("savepoint")) {
      if (!rest.isEmpty()) {
        throw new CliException(name + ": -d disposes a savepoint and takes no application: unexpected '" + rest.get(0)
            + "'; usage: weft savepoint -d <savepointPath>");
      }
      return new ClusterCommand(name, false, null, null, cmd.getOptionValue("d"));
    }
    int max = name.equals("savepoint") ? 2 : name.equals("list") ? 0 : 1;
    if (rest.size() > max) {
      throw new CliException(name + ": unexpected argument '" + rest.get(max) + "'; usage: " + usage(name));
    }
    String applicationId = null;
    if (max > 0) {
      if (rest.isEmpty()) {
        throw new CliException(name + ": missing the application id; usage: " + usage(name));
      }
      applicationId = rest.get(0);
      java.util.regex.Matcher job = JOB_ID.matcher(applicationId);
      if (job.matches()) {
        applicationId = "application_" + job.group(1);
      } else if (!APPLICATION_ID.matcher(applicationId).matches()) {
        throw new CliException(name + ": '" + applicationId + "' is not a YARN application id or a Weft job id; they"
            + " look like application_1700000000000_0001 and job_1700000000000_0001");
      }
    }
    String directory = name.equals("stop") ? cmd.getOptionValue("p") : rest.size() > 1 ? rest.get(1) : null;
    ClusterCommand parsed = new ClusterCommand(name, false, applicationId, directory, null);
    parsed.all = cmd.hasOption("a");
    parsed.drain = name.equals("stop") && cmd.hasOption("d");
    if (cmd.hasOption("c")) {
      parsed.container = cmd.getOptionValue("c");
      if (!CONTAINER_ID.matcher(parsed.container).matches()) {
        throw new CliException(name + ": --container '" + parsed.container + "' is not a YARN container id; they look"
            + " like container_1700000000000_0001_01_000002");
      }
    }
    if (name.equals("rescale")) {
      if (cmd.hasOption("p")) {
        parsed.parallelism = positive(name, "-p", cmd.getOptionValue("p"));
      }
      String[] vertexValues = cmd.getOptionValues("vertex");
      for (String v : vertexValues == null ? new String[0] : vertexValues) {
        int eq = v.lastIndexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
          throw new CliException(name + ": --vertex '" + v + "' is not NAME=N (a task's id, name or operator name,"
              + " '=', its new parallelism)");
        }
        parsed.vertices.put(v.substring(0, eq).trim(), positive(name, "--vertex " + v.substring(0, eq).trim(),
            v.substring(eq + 1)));
      }
      if (parsed.parallelism == 0 && parsed.vertices.isEmpty()) {
        throw new CliException(name + ": say the new parallelism: -p N (every task) and/or --vertex NAME=N; usage: "
            + usage(name));
      }
    }
    if (cmd.hasOption("t")) {
      parsed.logType = cmd.getOptionValue("t");
      if (!ContainerJvm.logTypes().contains(parsed.logType)) {
        throw new CliException(name + ": --type '" + parsed.logType + "' is not a log file of Weft's containers; the"
            + " types are " + String.join(", ", ContainerJvm.logTypes()));
      }
    }
    parsed.follow = name.equals("logs") && cmd.hasOption("f");
    if (cmd.hasOption("n")) {
      String lines = cmd.getOptionValue("n");
      try {
        parsed.tailLines = Integer.parseInt(lines);
      } catch (NumberFormatException e) {
        parsed.tailLines = -1;
      }
      if (parsed.tailLines < 0) {
        throw new CliException(name + ": --tail '" + lines + "' is not a number of lines (0 or more)");
      }
    }
    return parsed;
  }

  /** A parallelism from the command line: a whole number of at least 1, else an error naming the flag and value. */
  private static int positive(String command, String flag, String value) {
    try {
      return io.weft.core.plan.KeyGroups.parseParallelism(command + ": " + flag, value);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  public static String usage(String name) {
    String args = arguments(name);
    String options = name.equals("stop") ? " [--drain] [--savepointPath <dir>]" : name.equals("rescale")
        ? " [-p <N>] [--vertex <NAME=N> ...]" : name.equals("logs")
        ? " [--container <containerId>] [--type <file>] [--tail <lines>] [--follow]" : name.equals("list") ? " [--all]" : "";
    return "weft " + name + options + (args.isEmpty() ? "" : " " + args);
  }

  public String name() {
    return name;
  }

  public boolean help() {
    return help;
  }

  /** Null for {@code list}. */
  /** rescale: the new parallelism of every task, 0 to keep each task's. */
  public int parallelism() {
    return parallelism;
  }

  /** rescale: task name (id, operator name or uid) to its new parallelism. */
  public java.util.Map<String, Integer> vertices() {
    return vertices;
  }

  public String applicationId() {
    return applicationId;
  }

  /** {@code savepoint -d <path>}: the savepoint to delete, or null. */
  public String disposePath() {
    return disposePath;
  }

  /** {@code logs --container}: the one container, or null for all. */
  public String container() {
    return container;
  }

  /** {@code logs --tail}: the last lines of each file, or -1 for whole files. */
  public int tailLines() {
    return tailLines;
  }

  /** {@code logs --type}: the one log file (one of {@link ContainerJvm#logTypes()}), or null for all. */
  public String logType() {
    return logType;
  }

  /** {@code logs --follow}: keep printing what the containers log until the application ends. */
  public boolean follow() {
    return follow;
  }

  /** {@code stop --drain}: the sources emit the end of event time before the savepoint. */
  public boolean drain() {
    return drain;
  }

  /** {@code list --all}: with the archived (ended) jobs. */
  public boolean all() {
    return all;
  }

  /** The savepoint's directory, or null for the configured default. */
  public String savepointDirectory() {
    return savepointDirectory;
  }
}
