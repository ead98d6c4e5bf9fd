package io.weft.launcher.yarn;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.launcher.LauncherOptions;
import io.weft.launcher.cli.CliException;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * Refuses containers the cluster cannot grant, before anything is uploaded: YARN would otherwise
 * accept the application and leave it waiting forever, or reject it with a less helpful message.
 * The largest container comes with the new application the submission then uses
 * ({@code GetNewApplicationResponse}), so the check costs no application id of its own.
 */
public final class ContainerSizes {
  private ContainerSizes() {}

  public static void check(Resource max, Configuration conf) {
    long maxMb = max.getMemorySize();
    checkMemory("-yjm", LauncherOptions.JOBMANAGER_MEMORY.key(), conf.get(LauncherOptions.JOBMANAGER_MEMORY), maxMb);
    checkMemory("-ytm", LauncherOptions.TASKMANAGER_MEMORY.key(), conf.get(LauncherOptions.TASKMANAGER_MEMORY), maxMb);
    int vcores = CoreOptions.vcoresPerTaskManager(conf);
    if (vcores > max.getVirtualCores()) {
      throw new CliException("-ys/" + LauncherOptions.CONTAINER_VCORES.key() + ": " + vcores
          + " vcores per TaskManager is above the largest container this cluster grants (" + max.getVirtualCores()
          + " vcores); use fewer slots or set -yD " + LauncherOptions.CONTAINER_VCORES.key() + "=" + max.getVirtualCores());
    }
  }

  private static void checkMemory(String flag, String key, MemorySize size, long maxMb) {
    if (size.mebiBytes() > maxMb) {
      throw new CliException(flag + " (" + key + "): '" + size + "' is above the largest container this cluster grants ("
          + maxMb + "m, yarn.scheduler.maximum-allocation-mb); ask for at most " + maxMb + "m");
    }
  }
}
