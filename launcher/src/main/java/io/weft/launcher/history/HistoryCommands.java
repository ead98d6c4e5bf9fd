package io.weft.launcher.history;

import io.weft.appmaster.history.HistoryOptions;
import io.weft.appmaster.history.HistoryServer;
import io.weft.appmaster.history.JobArchive;
import io.weft.appmaster.web.JobDocuments;
import io.weft.core.config.Configuration;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft historyserver [--port P]} (serves the archives until the process is stopped) and the
 * archived half of {@code weft list --all}. Both read historyserver.archive.fs.dir from the
 * cluster's defaults ($HADOOP_CONF_DIR/weft-defaults.yaml) and the configuration file
 * (conf/weft-conf.yaml or $WEFT_CONF_DIR), which wins.
 */
public final class HistoryCommands {
  private static final Pattern FIELD = Pattern.compile("\"(jobId|name|state|application|durationMillis)\":"
      + "(\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"|-?\\d+)");

  private HistoryCommands() {}

  /** The configuration file's settings (no flags): where archives are, the history server's port. */
  public static Configuration configuration(CliEnvironment environment) {
    Configuration conf = io.weft.launcher.cli.RunConfiguration.clusterDefaults(environment);
    Path file = environment.confFile();
    if (file != null) {
      try {
        conf.addAll(Configuration.fromYamlFile(file));
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException("Cannot read the configuration file " + file + ": " + e.getMessage());
      }
    }
    return conf;
  }

  /** Runs the history server until this JVM is stopped (scripts/weft historyserver stop, Ctrl-C). */
  public static int serve(String[] args, Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf,
      PrintStream out) throws IOException, InterruptedException {
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--port") || args[i].equals("-p")) && i + 1 < args.length) {
        try {
          conf.set(HistoryOptions.HISTORY_PORT, Integer.parseInt(args[++i]));
        } catch (NumberFormatException e) {
          throw new CliException("historyserver: --port '" + args[i] + "' is not a port number");
        }
      } else if (args[i].equals("-h") || args[i].equals("--help")) {
        out.println("Usage: weft historyserver [--port <port>]\n\nServes the jobs archived in "
            + HistoryOptions.HISTORY_ARCHIVE_DIR.key() + " (web UI and REST API) on " + HistoryOptions.HISTORY_PORT.key()
            + " until stopped.");
        return 0;
      } else {
        throw new CliException("historyserver: unexpected argument '" + args[i] + "'; usage: weft historyserver"
            + " [--port <port>]");
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    HistoryServer server = HistoryServer.start(conf, hadoopConf);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "weft-historyserver-stop"));
    out.println("History server at http://localhost:" + server.port() + "/ serving " + server.archive().directory());
    out.flush();
    stopped.await();
    return 0;
  }

  /** Prints the archived jobs as a table (newest first); nothing when there are none. */
  public static void listArchived(Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf, PrintStream out)
      throws IOException {
    JobArchive archive = JobArchive.at(conf.get(HistoryOptions.HISTORY_ARCHIVE_DIR), hadoopConf);
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAME", "JOB", "APPLICATION", "FINAL STATE", "DURATION"));
    for (String id : archive.jobIds()) {
      String summary = archive.document(id, JobDocuments.SUMMARY);
      if (summary == null) {
        continue;
      }
      java.util.Map<String, String> f = new java.util.HashMap<>();
      Matcher m = FIELD.matcher(summary);
      while (m.find()) {
        f.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
      }
      long millis = Long.parseLong(f.getOrDefault("durationMillis", "0"));
      rows.add(List.of(f.getOrDefault("name", ""), id, f.getOrDefault("application", ""), f.getOrDefault("state", ""),
          String.format(Locale.ROOT, "%.1f s", millis / 1000.0)));
    }
    if (rows.size() == 1) {
      out.println("No ended jobs are archived in " + archive.directory() + ".");
      return;
    }
    out.println("Ended jobs archived in " + archive.directory() + ":");
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i < widths.length - 1 ? "  " : "");
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
