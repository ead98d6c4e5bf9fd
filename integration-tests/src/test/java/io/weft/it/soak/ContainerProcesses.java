package io.weft.it.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVMs of one YARN application's containers on this machine, found in /proc (MiniYARNCluster's
 * NodeManager starts them as ordinary processes): each java process whose command line names a
 * container of the application (its log directory does), with its resident set size.
 */
final class ContainerProcesses {
  private static final Pattern CONTAINER = Pattern.compile("(container_(?:e\\d+_)?\\d+_\\d+_\\d+_\\d+)");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /** One container's JVM. */
  record Jvm(String containerId, long pid, boolean applicationMaster, long rssBytes) {}

  private ContainerProcesses() {}

  /**
   * The application's container JVMs by container id. {@code applicationPart} is the application
   * id without its prefix ({@code <clusterTimestamp>_<nnnn>}), as it appears in container ids.
   */
  static Map<String, Jvm> of(String applicationPart) throws IOException {
    Map<String, Jvm> jvms = new TreeMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .matches("\\d+"))) {
      for (Path proc : procs) {
        String cmdline;
        String status;
        try {
          cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
          if (!cmdline.contains(applicationPart) || !cmdline.contains("io.weft.")) {
            continue;
          }
          status = Files.readString(proc.resolve("status"));
        } catch (IOException | SecurityException e) {
          continue; // ended meanwhile, or not ours to read
        }
        String program = cmdline.split(" ", 2)[0];
        Matcher container = CONTAINER.matcher(cmdline);
        Matcher rss = RSS.matcher(status);
        if (!program.endsWith("java") || !container.find() || !container.group(1).contains(applicationPart)
            || !rss.find()) {
          continue; // the launch script's bash, or a process without a container
        }
        boolean am = cmdline.contains("io.weft.appmaster.ApplicationMasterMain");
        jvms.put(container.group(1), new Jvm(container.group(1), Long.parseLong(proc.getFileName().toString()), am,
            Long.parseLong(rss.group(1)) * 1024));
      }
    }
    return jvms;
  }
}
