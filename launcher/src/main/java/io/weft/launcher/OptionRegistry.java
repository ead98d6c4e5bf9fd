package io.weft.launcher;

import io.weft.appmaster.web.WebOptions;
import io.weft.core.config.CheckpointOptions;
import io.weft.core.config.ConfigOption;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.RestartOptions;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.memory.MemoryOptions;
import io.weft.dataplane.NetworkOptions;
import io.weft.state.StateOptions;
import io.weft.worker.metrics.MetricOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every option class of the engine, in one list: the CLI checks the keys it is given against it and
 * docs/configuration.md is generated from it, so an option class added here is both checked and
 * documented. (The launcher sees every engine module, so the list lives here.)
 */
public final class OptionRegistry {
  private OptionRegistry() {}

  /** One option class: its heading in the docs and its options. */
  public record Section(String title, List<ConfigOption<?>> options) {}

  /** The option classes, in the order the docs show them. */
  public static List<Section> sections() {
    return List.of(
        new Section("Execution and the plan (CoreOptions)", CoreOptions.all()),
        new Section("Memory of the JobManager and TaskManagers (MemoryOptions)", MemoryOptions.all()),
        new Section("The network between TaskManagers (NetworkOptions)", NetworkOptions.all()),
        new Section("Checkpoints (CheckpointOptions)", CheckpointOptions.all()),
        new Section("Restarts after failures (RestartOptions)", RestartOptions.all()),
        new Section("The launcher and YARN deployment (LauncherOptions)", LauncherOptions.all()),
        new Section("High availability on YARN (HighAvailabilityOptions)", HighAvailabilityOptions.all()),
        new Section("State backends (StateOptions)", StateOptions.all()),
        new Section("The JobManager's web UI and REST API (WebOptions)", WebOptions.all()),
        new Section("Metric reporters of the TaskManagers (MetricOptions)", MetricOptions.all()),
        new Section("Container JVMs and logs (LogOptions)", io.weft.appmaster.logs.LogOptions.all()),
        new Section("Job archives and the history server (HistoryOptions)",
            io.weft.appmaster.history.HistoryOptions.all()),
        new Section("TaskManager containers (ContainerOptions)", io.weft.appmaster.containers.ContainerOptions.all()),
        new Section("In-place rescale (RescaleOptions)", io.weft.appmaster.rescale.RescaleOptions.all()),
        new Section("The autoscaler (AutoscalerOptions)", io.weft.appmaster.autoscale.AutoscalerOptions.all()),
        new Section("Kerberos, delegation tokens and TLS (SecurityOptions)", io.weft.core.security.SecurityOptions.all()));
  }

  /** Every option Weft declares. */
  public static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> all = new ArrayList<>();
    sections().forEach(s -> all.addAll(s.options()));
    return all;
  }
}
