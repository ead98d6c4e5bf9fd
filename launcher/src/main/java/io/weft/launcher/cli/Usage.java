package io.weft.launcher.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** The help texts. Written out here rather than with HelpFormatter to keep one line per option. */
public final class Usage {
  private Usage() {}

  public static String global() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: weft <command> [options] [arguments]\n\n");
    sb.append("Runs Weft programs in this JVM or on Hadoop YARN.\n\n");
    sb.append("Commands:\n");
    command(sb, "weft run [options] <jar> [arguments]", "Run the program in <jar>; the arguments after <jar> go to its main()");
    command(sb, "weft info [options] <jar> [arguments]", "Print the program's plan as JSON, without running it");
    command(sb, ClusterCommand.usage("list"), "List the Weft applications running on YARN (--all: and ended jobs)");
    command(sb, ClusterCommand.usage("cancel"), "Cancel the job of a YARN application");
    command(sb, ClusterCommand.usage("savepoint"), "Take a savepoint of a running job");
    command(sb, ClusterCommand.usage("stop"), "Stop a job with a final savepoint");
    command(sb, ClusterCommand.usage("rescale"), "Change a running job's parallelism in place (same application)");
    command(sb, ClusterCommand.usage("logs"), "Print a job's container logs (live; aggregated once it ended)");
    command(sb, "weft historyserver [--port <port>]", "Serve the archives of ended jobs (web UI and REST API)");
    sb.append("\nOptions of run:\n");
    options(sb, RunOptions.options());
    sb.append("\nOptions of stop:\n");
    options(sb, withoutHelp(ClusterCommand.options("stop")));
    sb.append("\nOptions of rescale:\n");
    options(sb, withoutHelp(ClusterCommand.options("rescale")));
    sb.append("\nGlobal options:\n");
    line(sb, "-h, --help", "Print this help; 'weft <command> --help' prints the options of one command");
    line(sb, "-v, --version", "Print the version of Weft");
    line(sb, "--cluster-dir <dir>", "(scripts/weft, before the command) Use the local cluster started with --dir <dir>");
    return sb.toString();
  }

  public static String run() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: weft run [options] <jar> [arguments]\n\n");
    sb.append("Runs the main() of the program in <jar>; everything after <jar> is passed to it unchanged.\n");
    sb.append("Configuration: conf/weft-conf.yaml (or $WEFT_CONF_DIR/weft-conf.yaml), then -yD, then the flags.\n\n");
    sb.append("Options:\n");
    options(sb, RunOptions.options());
    return sb.toString();
  }

  public static String info() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: weft info [options] <jar> [arguments]\n\n");
    sb.append("Runs the main() of the program in <jar> until its execute() and prints the plan as JSON: tasks,\n");
    sb.append("their operators and parallelism, and the edges between tasks. Nothing is submitted or run.\n");
    sb.append("Takes the options of run (those that shape the plan: -p, -c, -yD, ...).\n");
    return sb.toString();
  }

  public static String cluster(String name) {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: ").append(ClusterCommand.usage(name)).append("\n\n");
    sb.append("Options:\n");
    options(sb, ClusterCommand.options(name));
    return sb.toString();
  }

  private static Options withoutHelp(Options options) {
    Options o = new Options();
    options.getOptions().stream().filter(opt -> !"h".equals(opt.getOpt())).forEach(o::addOption);
    return o;
  }

  private static void options(StringBuilder sb, Options options) {
    for (Option o : options.getOptions()) {
      String syntax = (o.getOpt() == null ? "--" + o.getLongOpt()
          : "-" + o.getOpt() + (o.getLongOpt() != null ? ", --" + o.getLongOpt() : ""))
          + (o.hasArg() ? " <" + o.getArgName() + ">" : "");
      line(sb, syntax, o.getDescription());
    }
  }

  private static void command(StringBuilder sb, String syntax, String description) {
    sb.append(String.format("  %-52s %s\n", syntax, description));
  }

  private static void line(StringBuilder sb, String syntax, String description) {
    sb.append(String.format("  %-36s %s\n", syntax, description));
  }
}
