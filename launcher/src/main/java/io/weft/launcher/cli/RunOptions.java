package io.weft.launcher.cli;

import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.core.memory.JobManagerMemory;
import io.weft.core.memory.TaskManagerMemory;
import io.weft.launcher.LauncherOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The arguments of {@code weft run}, with Flink's flag names, checked as they are parsed so that
 * nothing runs when one of them is wrong. Flags that are not given stay null.
 */
public final class RunOptions {
  public static final String LOCAL = "local";
  public static final String YARN_CLUSTER = "yarn-cluster";
  public static final List<String> TARGETS = List.of(LOCAL, YARN_CLUSTER);
  /** Flink's -t names of the one YARN deployment Weft has (one application per job). */
  private static final List<String> YARN_TARGET_ALIASES = List.of("yarn-per-job", "yarn-application");
  /** The flags that only mean something on YARN. */
  private static final List<String> YARN_ONLY_FLAGS = List.of("yjm", "ytm", "ys", "ynm", "yqu");

  private boolean help;
  private String target;
  private MemorySize jobManagerMemory;
  private MemorySize taskManagerMemory;
  private Integer slots;
  private Integer parallelism;
  private final Map<String, String> dynamicProperties = new LinkedHashMap<>();
  private String applicationName;
  private String queue;
  private final List<Path> shipFiles = new ArrayList<>();
  private boolean detached;
  private boolean shutdownOnAttachedExit;
  private final List<String> yarnOnlyFlags = new ArrayList<>();
  private String savepointPath;
  private boolean allowNonRestoredState;
  private String mainClass;
  private Path jar;
  private List<String> programArgs = List.of();

  private RunOptions() {}

  public static Options options() {
    Options o = new Options();
    o.addOption(opt("m", "jobmanager", "target",
        "Where to run: 'local' (in this JVM) or 'yarn-cluster'; default yarn-cluster when a Hadoop configuration is found, else local"));
    o.addOption(opt("t", "target", "target",
        "Flink's name for -m: 'local', or 'yarn-per-job' / 'yarn-application' (both mean yarn-cluster: one application per job)"));
    o.addOption(opt("p", "parallelism", "n", "Parallelism of the job (parallelism.default)"));
    o.addOption(opt("c", "class", "class", "Class with the program's main(); default: Main-Class of the jar's manifest"));
    o.addOption(flag("d", "detached", "Submit the job and return without waiting for it to end (execution.attached=false)"));
    o.addOption(flag("sae", "shutdownOnAttachedExit",
        "With an attached run: kill the YARN application when this command is ended before the job (execution.shutdown-on-attached-exit)"));
    o.addOption(opt("s", "fromSavepoint", "path", "Start the job from this savepoint (execution.savepoint.path); YARN only"));
    o.addOption(flag("n", "allowNonRestoredState",
        "Allow savepoint state that belongs to no operator of the job (execution.savepoint.ignore-unclaimed-state)"));
    o.addOption(opt("yjm", "yarnjobManagerMemory", "mem",
        "Memory of the JobManager container, e.g. 1024 (MB), 1024m, 2g; at least "
            + JobManagerMemory.minimumProcessSize(new Configuration()) + "m (jobmanager.memory.process.size)"));
    o.addOption(opt("ytm", "yarntaskManagerMemory", "mem",
        "Memory of each TaskManager container, e.g. 1728 (MB), 1728m, 2g; at least "
            + TaskManagerMemory.minimumProcessSize(new Configuration()) + "m (taskmanager.memory.process.size)"));
    o.addOption(opt("ys", "yarnslots", "n", "Slots per TaskManager (taskmanager.numberOfTaskSlots)"));
    o.addOption(opt("yp", null, "n", "Parallelism of the job, the same as -p"));
    o.addOption(opt("yD", null, "key=value",
        "Set a configuration option; repeatable. Flags win over -yD, -yD wins over conf/weft-conf.yaml"));
    o.addOption(opt("D", null, "key=value", "The same as -yD"));
    o.addOption(opt("yid", "yarnapplicationId", "id",
        "Refused: Weft has no session clusters; every weft run submits its own application"));
    o.addOption(opt("ynm", "yarnname", "name", "Name of the YARN application (yarn.application.name)"));
    o.addOption(opt("yqu", "yarnqueue", "queue", "YARN queue to submit to (yarn.application.queue)"));
    o.addOption(opt("yt", "yarnship", "path", "File or directory to ship to every YARN container, into its working directory; jars and directories also go on the classpath; repeatable (yarn.ship-files)"));
    o.addOption(flag("h", "help", "Print these options"));
    return o;
  }

  private static Option opt(String name, String longName, String argName, String description) {
    return Option.builder(name).longOpt(longName).hasArg().argName(argName).desc(description).build();
  }

  private static Option flag(String name, String longName, String description) {
    return Option.builder(name).longOpt(longName).desc(description).build();
  }

  /** Parses and checks the flags; everything after the jar belongs to the program, untouched. */
  public static RunOptions parse(String[] rawArgs) {
    Options options = options();
    CommandLine cmd;
    try {
      // stopAtNonOption: the first argument that is not ours is the jar, and the rest is the program's.
      cmd = DefaultParser.builder().setAllowPartialMatching(false).build()
          .parse(options, FlagCheck.normalize(rawArgs, options), true);
    } catch (MissingArgumentException e) {
      Option o = e.getOption();
      throw new CliException("run: -" + o.getOpt() + " needs a value: -" + o.getOpt() + " <" + o.getArgName()
          + ">; see 'weft run --help'");
    } catch (ParseException e) {
      throw new CliException("run: " + e.getMessage() + "; see 'weft run --help'");
    }

    RunOptions r = new RunOptions();
    r.help = cmd.hasOption("h");
    if (r.help) {
      return r;
    }
    if (cmd.hasOption("yid")) {
      throw new CliException("-yid: Weft has no session clusters to submit into; every weft run starts its own YARN"
          + " application (Flink's per-job mode): drop -yid " + cmd.getOptionValue("yid"));
    }
    r.target = single(cmd, "m");
    if (r.target != null && !TARGETS.contains(r.target)) {
      throw new CliException("-m: '" + r.target + "' is not a known target; use local or yarn-cluster");
    }
    String t = single(cmd, "t");
    if (t != null) {
      String meant = t.equals(LOCAL) ? LOCAL : YARN_TARGET_ALIASES.contains(t) ? YARN_CLUSTER : null;
      if (meant == null) {
        throw new CliException("-t: '" + t + "' is not a target Weft has; use local, yarn-per-job or yarn-application"
            + " (the last two both run one YARN application per job)");
      }
      if (r.target != null && !r.target.equals(meant)) {
        throw new CliException("-m " + r.target + " and -t " + t + " disagree; give one of them");
      }
      r.target = meant;
    }
    // Flags are checked against the default memory model here; RunConfiguration checks the effective one.
    Configuration defaults = new Configuration();
    r.jobManagerMemory = memory(cmd, "yjm", MemorySize.ofMebiBytes(JobManagerMemory.minimumProcessSize(defaults)),
        "the JobManager");
    r.taskManagerMemory = memory(cmd, "ytm", MemorySize.ofMebiBytes(TaskManagerMemory.minimumProcessSize(defaults)),
        "a TaskManager");
    r.slots = atLeastOne(cmd, "ys", "the number of slots per TaskManager");
    Integer p = atLeastOne(cmd, "p", "the parallelism");
    Integer yp = atLeastOne(cmd, "yp", "the parallelism");
    if (p != null && yp != null && !p.equals(yp)) {
      throw new CliException("-p " + p + " and -yp " + yp + " disagree; they set the same parallelism, give one of them");
    }
    r.parallelism = p != null ? p : yp;
    List<String> properties = new ArrayList<>(values(cmd, "yD"));
    properties.addAll(values(cmd, "D"));
    for (String property : properties) {
      int eq = property.indexOf('=');
      if (eq <= 0 || property.substring(0, eq).isBlank()) {
        throw new CliException("-yD: '" + property
            + "' is not key=value; write -yD key=value, e.g. -yD taskmanager.numberOfTaskSlots=2");
      }
      r.dynamicProperties.put(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
    }
    r.applicationName = single(cmd, "ynm");
    r.queue = single(cmd, "yqu");
    ShipFiles.check(values(cmd, "yt"), "-yt");
    for (String file : values(cmd, "yt")) {
      r.shipFiles.add(Paths.get(file).toAbsolutePath().normalize());
    }
    r.detached = cmd.hasOption("d");
    r.shutdownOnAttachedExit = cmd.hasOption("sae");
    if (r.detached && r.shutdownOnAttachedExit) {
      throw new CliException("-sae kills the application when an attached weft run ends early; with -d the command"
          + " does not wait for the job: give one of them");
    }
    for (String flag : YARN_ONLY_FLAGS) {
      if (cmd.hasOption(flag)) {
        r.yarnOnlyFlags.add("-" + flag);
      }
    }
    r.savepointPath = single(cmd, "s");
    r.allowNonRestoredState = cmd.hasOption("n");
    r.mainClass = single(cmd, "c");

    List<String> rest = cmd.getArgList();
    if (rest.isEmpty()) {
      throw new CliException("run: missing the jar to run; usage: weft run [options] <jar> [program arguments...]");
    }
    String first = rest.get(0);
    if (first.startsWith("-") && first.length() > 1) {
      // With stopAtNonOption an unknown flag ends up where the jar is expected.
      throw new CliException("run: unknown option '" + first + "'; see 'weft run --help'");
    }
    r.jar = Paths.get(first);
    r.programArgs = List.copyOf(rest.subList(1, rest.size()));
    return r;
  }

  private static String single(CommandLine cmd, String name) {
    String[] values = cmd.getOptionValues(name);
    if (values == null) {
      return null;
    }
    if (values.length > 1) {
      throw new CliException("-" + name + " is given " + values.length + " times ('" + String.join("', '", values)
          + "'); give it once");
    }
    return values[0];
  }

  private static List<String> values(CommandLine cmd, String name) {
    String[] values = cmd.getOptionValues(name);
    return values == null ? List.of() : Arrays.asList(values);
  }

  private static MemorySize memory(CommandLine cmd, String name, MemorySize min, String process) {
    String text = single(cmd, name);
    if (text == null) {
      return null;
    }
    MemorySize size;
    try {
      size = MemorySize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("-" + name + ": '" + text + "' is not a memory size; use a number of megabytes or a"
          + " number with a unit (b, k, m, g, t), e.g. 1024, 1728m, 2g");
    }
    if (size.compareTo(min) < 0) {
      throw new CliException("-" + name + ": '" + text + "' is too small; " + process + " needs at least " + min);
    }
    return size;
  }

  private static Integer atLeastOne(CommandLine cmd, String name, String what) {
    String text = single(cmd, name);
    if (text == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new CliException("-" + name + ": '" + text + "' is not a whole number; " + what + " must be at least 1");
    }
    if (n < 1) {
      throw new CliException("-" + name + ": '" + text + "' is too small; " + what + " must be at least 1");
    }
    return n;
  }

  /** Applies {@code -yD} and then the flags, so that a flag wins over a {@code -yD} of the same key. */
  public Configuration applyTo(Configuration conf) {
    dynamicProperties.forEach(conf::setString);
    if (target != null) {
      conf.set(CoreOptions.EXECUTION_TARGET, target);
    }
    if (jobManagerMemory != null) {
      conf.set(LauncherOptions.JOBMANAGER_MEMORY, jobManagerMemory);
    }
    if (taskManagerMemory != null) {
      conf.set(LauncherOptions.TASKMANAGER_MEMORY, taskManagerMemory);
    }
    if (slots != null) {
      conf.set(CoreOptions.NUM_TASK_SLOTS, slots);
    }
    if (parallelism != null) {
      conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    }
    if (applicationName != null) {
      conf.set(LauncherOptions.APPLICATION_NAME, applicationName);
    }
    if (queue != null) {
      conf.set(LauncherOptions.APPLICATION_QUEUE, queue);
    }
    if (!shipFiles.isEmpty()) {
      conf.set(LauncherOptions.SHIP_FILES, shipFiles.stream().map(Path::toString).collect(Collectors.joining(";")));
    }
    if (detached) {
      conf.set(LauncherOptions.ATTACHED, false);
    }
    if (shutdownOnAttachedExit) {
      conf.set(LauncherOptions.SHUTDOWN_ON_ATTACHED_EXIT, true);
    }
    if (savepointPath != null) {
      conf.set(CheckpointOptions.SAVEPOINT_PATH, savepointPath);
    }
    if (allowNonRestoredState) {
      conf.set(CheckpointOptions.IGNORE_UNCLAIMED_STATE, true);
    }
    return conf;
  }

  public boolean help() {
    return help;
  }

  /** -m, or null when not given. */
  public String target() {
    return target;
  }

  /** -yt, absolute, in the order given. */
  public List<Path> shipFiles() {
    return List.copyOf(shipFiles);
  }

  public Map<String, String> dynamicProperties() {
    return Map.copyOf(dynamicProperties);
  }

  /** The YARN-only flags given (-yjm, -ytm, -ys, -ynm, -yqu), as typed; -yt is reported on its own. */
  public List<String> yarnOnlyFlags() {
    return List.copyOf(yarnOnlyFlags);
  }

  /** -s, or null. */
  public String savepointPath() {
    return savepointPath;
  }

  /** -c, or null: then the jar's Main-Class. */
  public String mainClass() {
    return mainClass;
  }

  public Path jar() {
    return jar;
  }

  public List<String> programArgs() {
    return programArgs;
  }
}
