package io.weft.it;

import io.weft.launcher.WeftCli;
import io.weft.launcher.cli.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;

/** What the integration tests share: a MiniYARNCluster configured as the local cluster is, and running weft. */
public final class MiniYarn {
  private MiniYarn() {}

  /** A single NodeManager of the given size, with CPU scheduling on, as scripts/local-cluster sets it up. */
  public static YarnConfiguration configuration(int memoryMb, int vcores) {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 64);
    conf.set("yarn.scheduler.capacity.resource-calculator", DominantResourceCalculator.class.getName());
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // The default 10% admits a single ApplicationMaster on a few vcores.
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
    // Containers need a JAVA_HOME even when the test JVM was started without one.
    conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
    return conf;
  }

  /** What a weft command printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs a weft command in this JVM, as scripts/weft would with {@code environment}. */
  public static Result weft(CliEnvironment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = WeftCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), environment);
    Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.println("weft " + String.join(" ", args) + " -> exit " + code + "\n" + result.out() + result.err());
    return result;
  }
}
