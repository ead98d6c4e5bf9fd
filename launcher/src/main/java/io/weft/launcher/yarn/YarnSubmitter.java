package io.weft.launcher.yarn;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.container.ContainerContract;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.memory.JobManagerMemory;
import io.weft.api.environment.Program;
import io.weft.appmaster.ApplicationMasterMain;
import io.weft.appmaster.ContainerFiles;
import io.weft.appmaster.logs.ContainerJvm;
import io.weft.appmaster.security.ContainerKerberos;
import io.weft.launcher.logs.ContainerLogConfig;
import io.weft.appmaster.Placement;
import io.weft.appmaster.StagedOptions;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanFile;
import io.weft.core.rpc.RpcSecret;
import io.weft.launcher.LauncherOptions;
import io.weft.launcher.cli.CliEnvironment;
import io.weft.launcher.cli.CliException;
import io.weft.launcher.cli.JarProgram;
import io.weft.launcher.cli.RunOptions;
import io.weft.launcher.cache.CachedFileStaging;
import io.weft.launcher.cli.ShipFiles;
import io.weft.launcher.security.KerberosLogin;
import io.weft.launcher.security.SubmissionCredentials;
import io.weft.launcher.security.SubmissionTls;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.webapp.util.WebAppUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft run -m yarn-cluster}: submits a job as a YARN application whose ApplicationMaster
 * ({@code io.weft.appmaster.ApplicationMasterMain}) hosts its JobManager.
 *
 * <ol>
 *   <li>Creates the application; the answer carries the largest container the cluster grants, and
 *       -yjm, -ytm and the vcores are checked against it ({@link ContainerSizes}), and the queue
 *       must exist ({@link ClusterCapacity}). This one application is the one submitted.</li>
 *   <li>Runs the user's main() here in plan-capture mode (context configuration with
 *       execution.target=yarn-cluster, context class loader = the jar's), the only place it runs;
 *       a main() that throws ends the run here with exit code 1. The running NodeManagers must be
 *       able to hold the ApplicationMaster and all its TaskManagers at once ({@link ClusterCapacity}).
 *       Generates the application's
 *       {@link RpcSecret} and serializes the plan with the function objects main() built into a
 *       {@link PlanFile} signed with it; a function that cannot be serialized ends the run here,
 *       naming its operator.</li>
 *   <li>Fills the staging directory
 *       {@code <home>/.weft/<applicationId>/} ({@link StagingDirectories}) on the cluster's default
 *       FileSystem: {@code job.jar}; {@code job.plan}; {@code weft-conf.yaml} (the effective
 *       configuration, plus the fingerprint, where Weft's jars are, the JVM's --add-opens and the
 *       number of attempts); {@code log4j.properties} (to
 *       {@code <LOG_DIR>/jobmanager.log} or {@code taskmanager.log}); {@code hadoop-conf/} (core-,
 *       yarn-, hdfs-site.xml from HADOOP_CONF_DIR); the shipped files ({@link ShipFiles}) under
 *       their base names, directories with their tree. Weft's jars ({@link RuntimeJars}) come from
 *       {@code yarn.provided.lib.dirs} or the shared upload of {@link SharedLibraries}.</li>
 *   <li>The ApplicationMaster container: {@code -yjm} MB, 1 vcore, every staged file as a local
 *       resource under its name in the staging directory, the environment of
 *       {@code ApplicationMasterMain.containerEnvironment} (secret, staging directory, classpath
 *       with the shipped jars and directories); type WEFT, the name (-ynm or the job's), queue, tags
 *       ({@code yarn.tags}), at most {@code yarn.application-attempts} attempts.</li>
 *   <li>Sweeps the staging directories of applications that ended without deleting theirs.</li>
 *   <li>Detached (-d): prints the application id, exit 0. Attached: prints the id, the YARN UI and
 *       tracking URLs, a progress line every 2 s (state, running tasks, records/s and the last
 *       checkpoint from the JobManager's REST API through the tracking URL, YARN's state and
 *       progress when that does not answer), the time from {@code weft run} to all tasks RUNNING,
 *       and at the end the diagnostics;
 *       exit 0 only for FINISHED with SUCCEEDED, else 1.</li>
 * </ol>
 * If submitting fails, the staging directory is deleted; after a successful submission the
 * ApplicationMaster deletes it when the job ends.
 *
 * <p>Past 450 lines because the steps above are one sequence sharing the YARN client, the staging
 * directory and the clean-up on failure; the parts that stand alone (capacity checks, staging
 * sweeps, shared libraries, log configuration, credentials) are classes of their own.
 */
public final class YarnSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(YarnSubmitter.class);
  static final String AM_MAIN_CLASS = ContainerContract.APPLICATION_MASTER_MAIN_CLASS;
  private static final long POLL_MILLIS = 2_000;
  /** Closing an HDFS file waits for the DataNode's block report, so uploads run side by side. */
  private static final int UPLOAD_THREADS = 8;

  private static final List<String> DEFAULT_OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");

  private final YarnConfiguration hadoopConf;
  private final CliEnvironment environment;
  private final PrintStream out;
  private final PrintStream err;

  public YarnSubmitter(YarnConfiguration hadoopConf, CliEnvironment environment, PrintStream out, PrintStream err) {
    this.hadoopConf = hadoopConf;
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  /**
   * Submits and, when attached, follows the application; returns the CLI's exit code. On a secure
   * cluster, all of it runs as the Kerberos user {@link KerberosLogin} logged in, which refuses the
   * run first when no credentials are usable.
   */
  public int run(JarProgram program, Configuration configuration, List<String> args, long startMillis)
      throws Exception {
    Configuration conf = new Configuration(configuration).set(CoreOptions.EXECUTION_TARGET, RunOptions.YARN_CLUSTER);
    String hadoopConfDir = environment.env("HADOOP_CONF_DIR");
    if (hadoopConfDir == null) {
      throw new CliException("HADOOP_CONF_DIR is not set; it must name the Hadoop client configuration of the"
          + " cluster to submit to");
    }
    return KerberosLogin.login(conf, hadoopConf).run(() -> runLoggedIn(program, conf, args, startMillis, hadoopConfDir));
  }

  private int runLoggedIn(JarProgram program, Configuration conf, List<String> args, long startMillis,
      String hadoopConfDir) throws Exception {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(hadoopConf);
    yarn.start();
    try {
      // One application for everything: the answer that creates it says the largest container, which
      // is checked before main() runs and anything is uploaded; then the same application is submitted.
      YarnClientApplication app = yarn.createApplication();
      ContainerSizes.check(app.getNewApplicationResponse().getMaximumResourceCapability(), conf);
      ClusterCapacity.checkQueue(yarn, conf.get(LauncherOptions.APPLICATION_QUEUE));
      JobGraph graph;
      try {
        graph = capturePlan(program, conf, args);
      } catch (CliException e) {
        throw e;
      } catch (Throwable t) {
        err.println("The program failed before submitting its job: "
            + (t.getMessage() != null ? t.getMessage() : t.getClass().getName()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
          err.println("  caused by " + c);
        }
        return 1;
      }
      Map<String, java.nio.file.Path> cachedFiles = CachedFileStaging.check(graph.configuration(), hadoopConf);
      ClusterCapacity.checkRoom(yarn, conf, graph.jobName(), graph.maxTaskParallelism(),
          Placement.of(graph, conf.get(CoreOptions.NUM_TASK_SLOTS)).numTaskManagers());
      RpcSecret secret = RpcSecret.generate();
      byte[] planFile;
      try {
        // Before anything is uploaded: a function that cannot be shipped is refused here, naming the operator.
        planFile = PlanFile.toBytes(graph, PlanFile.key(secret));
      } catch (IllegalArgumentException e) {
        err.println("Job '" + graph.jobName() + "' cannot be submitted: " + e.getMessage());
        return 1;
      }
      LOG.info("Job '{}': fingerprint {}, {} slot(s) needed, plan file {} bytes", graph.jobName(), graph.fingerprint(),
          graph.maxTaskParallelism(), planFile.length);
      ApplicationId id = submit(yarn, app, program, conf, graph, planFile, secret, hadoopConfDir, startMillis,
          cachedFiles);
      out.println("Submitted application " + id);
      sweepStagingDirectories(yarn);
      if (!conf.get(LauncherOptions.ATTACHED)) {
        out.println("Job ID: " + ApplicationMasterMain.jobId(id));
        out.println("Tracking URL: http://" + WebAppUtils.getProxyHostAndPort(hadoopConf) + "/proxy/" + id + "/");
        out.println("YARN UI: http://" + WebAppUtilsShim.resourceManagerWebapp(hadoopConf) + "/cluster/app/" + id);
        out.println("The job runs on; stop it with 'weft cancel " + id + "' or 'weft stop " + id + "'");
        return 0;
      }
      Thread killOnExit = conf.get(LauncherOptions.SHUTDOWN_ON_ATTACHED_EXIT) ? killOnExit(id) : null;
      try {
        FileSystem fs = FileSystem.get(hadoopConf);
        TlsContext restTrust = SubmissionTls.progressTrust(conf, secret, fs, StagingDirectories.of(fs, id));
        return follow(yarn, id, startMillis, restTrust, TlsMaterial.restClientVerifiesHost(conf));
      } finally {
        if (killOnExit != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
          } catch (IllegalStateException shuttingDown) {
            // the hook runs already and ends the application; nothing to remove
          }
        }
      }
    } finally {
      yarn.stop();
    }
  }

  /**
   * -sae: a hook that kills the application if this JVM ends (Ctrl-C, SIGTERM) while it still
   * follows it. Removed once the application ended on its own. The hook has its own YarnClient:
   * the main thread stops the one it follows with as soon as it sees the application end, which
   * can be in the middle of the kill.
   */
  private Thread killOnExit(ApplicationId id) {
    Thread hook = new Thread(() -> {
      try (YarnClient yarn = YarnClient.createYarnClient()) {
        yarn.init(hadoopConf);
        yarn.start();
        YarnApplicationState state = yarn.getApplicationReport(id).getYarnApplicationState();
        if (state != YarnApplicationState.FINISHED && state != YarnApplicationState.FAILED
            && state != YarnApplicationState.KILLED) {
          yarn.killApplication(id);
          err.println("weft run was ended before its job: killed application " + id + " (-sae)");
          err.flush();
        }
      } catch (Exception e) {
        err.println("weft run was ended before its job, and cannot kill application " + id + " (-sae): " + e);
      }
    }, "weft-shutdown-on-attached-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /**
   * What killed applications left behind. After the submission, so that it does not delay the job;
   * best effort, since the job is submitted already.
   */
  private void sweepStagingDirectories(YarnClient yarn) {
    try {
      StagingDirectories.sweep(FileSystem.get(hadoopConf), yarn);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot look for staging directories left behind: {}", e.toString());
    }
  }

  private static JobGraph capturePlan(JarProgram program, Configuration conf, List<String> args) throws Exception {
    return Program.capturePlan(program.mainClassName(), args.toArray(new String[0]), program.classLoader(), conf);
  }

  private ApplicationId submit(YarnClient yarn, YarnClientApplication app, JarProgram program, Configuration conf,
      JobGraph graph, byte[] planFile, RpcSecret secret, String hadoopConfDir, long startMillis,
      Map<String, java.nio.file.Path> cachedFiles) throws Exception {
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ApplicationId id = ctx.getApplicationId();
    FileSystem fs = FileSystem.get(hadoopConf);
    Path staging = StagingDirectories.of(fs, id);
    List<java.nio.file.Path> shipFiles = ShipFiles.parse(conf.get(LauncherOptions.SHIP_FILES));
    try {
      Credentials tokens = SubmissionCredentials.obtain(conf, hadoopConf, yarn);
      long uploadStart = System.nanoTime();
      SharedLibraries.Location libs = conf.get(LauncherOptions.PROVIDED_LIB_DIRS) != null
          ? SharedLibraries.provided(fs, conf.get(LauncherOptions.PROVIDED_LIB_DIRS))
          : SharedLibraries.upload(fs, RuntimeJars.find(environment.root()));
      fs.mkdirs(staging, new FsPermission((short) 0700));
      StagingDirectories.writeSecret(fs, staging, secret);
      Configuration shipped = new Configuration(conf);
      shipped.set(StagedOptions.FINGERPRINT, graph.fingerprint());
      shipped.set(StagedOptions.LIB_DIRS, String.join(";", libs.dirs().stream().map(Path::toString).toList()));
      shipped.set(StagedOptions.LIB_VISIBILITY, libs.visibility().name());
      shipped.set(StagedOptions.JVM_OPENS, String.join(" ", jvmOpens()));
      shipped.set(StagedOptions.CLIENT_START_MILLIS, startMillis);
      shipped.set(StagedOptions.TASK_MANAGERS, Placement.of(graph, conf).numTaskManagers());
      // Explicit even when it is the default: the ApplicationMaster's last attempt is told by it.
      shipped.set(HighAvailabilityOptions.APPLICATION_ATTEMPTS, conf.get(HighAvailabilityOptions.APPLICATION_ATTEMPTS));
      if (graph.configuration().get(CoreOptions.CACHED_FILES) != null) {
        // The ApplicationMaster references the hdfs:// ones in place for its TaskManagers.
        shipped.set(CoreOptions.CACHED_FILES, graph.configuration().get(CoreOptions.CACHED_FILES));
      }
      Map<String, Callable<LocalResource>> uploads = new LinkedHashMap<>();
      uploads.put(ContainerContract.JOB_JAR, () -> upload(fs, program.jar(), new Path(staging,
          ContainerContract.JOB_JAR)));
      uploads.put(ContainerContract.PLAN_FILE, () -> write(fs, new Path(staging, ContainerContract.PLAN_FILE),
          planFile));
      uploads.put(ContainerContract.CONF_FILE, () -> write(fs, new Path(staging, ContainerContract.CONF_FILE),
          shipped.toYaml().getBytes(StandardCharsets.UTF_8)));
      byte[] logConfig = ContainerLogConfig.read(conf, environment);
      uploads.put(ContainerContract.LOG4J_FILE, () -> write(fs, new Path(staging, ContainerContract.LOG4J_FILE),
          logConfig));
      for (String file : new String[] {"core-site.xml", "yarn-site.xml", "hdfs-site.xml"}) {
        java.nio.file.Path local = java.nio.file.Path.of(hadoopConfDir, file);
        if (Files.isRegularFile(local)) {
          String name = ContainerContract.HADOOP_CONF_DIR + "/" + file;
          uploads.put(name, () -> upload(fs, local, new Path(staging, name)));
        }
      }
      uploads.putAll(SubmissionCredentials.stagedFiles(conf, fs, staging));
      uploads.putAll(SubmissionTls.stagedFiles(conf, fs, staging, secret, id.toString()));
      for (java.nio.file.Path ship : shipFiles) {
        ShipFiles.files(ship).forEach((name, local) ->
            uploads.put(name, () -> upload(fs, local, new Path(staging, name))));
      }
      cachedFiles.forEach((name, local) -> uploads.put(name, () -> upload(fs, local, new Path(staging, name))));
      Map<String, LocalResource> resources = new LinkedHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(uploads.size(), UPLOAD_THREADS));
      try {
        Map<String, Future<LocalResource>> running = new LinkedHashMap<>();
        uploads.forEach((name, upload) -> running.put(name, pool.submit(upload)));
        for (Map.Entry<String, Future<LocalResource>> e : running.entrySet()) {
          try {
            resources.put(e.getKey(), e.getValue().get());
          } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception ex ? ex : new IOException(failed.getCause());
          }
        }
      } finally {
        pool.shutdownNow();
      }
      resources.keySet().removeAll(cachedFiles.keySet()); // for the TaskManagers only
      resources.putAll(ContainerFiles.libResources(fs, libs.dirs(), libs.visibility()));
      LOG.info("Staged application {} in {} ({} files, Weft's jars {} in {}) in {} ms", id, staging,
          resources.size(), libs.visibility(), libs.dirs(), (System.nanoTime() - uploadStart) / 1_000_000);

      Map<String, String> env = ApplicationMasterMain.containerEnvironment(staging.toString(),
          ShipFiles.classpath(shipFiles));
      List<String> command = new ArrayList<>();
      command.add(ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java");
      command.addAll(JobManagerMemory.of(conf).jvmOptions());
      command.addAll(jvmOpens());
      command.addAll(ContainerKerberos.jvmOptions(conf));
      command.addAll(ContainerJvm.options(conf, ContainerJvm.Role.JOBMANAGER));
      command.add(AM_MAIN_CLASS);
      command.addAll(ContainerJvm.redirections(ContainerJvm.Role.JOBMANAGER));
      ContainerLaunchContext am = ContainerLaunchContext.newInstance(resources, env,
          List.of(String.join(" ", command)), null, ContainerKerberos.launchTokens(secret, tokens), null);

      String name = conf.get(LauncherOptions.APPLICATION_NAME) != null ? conf.get(LauncherOptions.APPLICATION_NAME)
          : graph.jobName();
      ctx.setApplicationName(name);
      ctx.setApplicationType(conf.get(LauncherOptions.APPLICATION_TYPE));
      ctx.setQueue(conf.get(LauncherOptions.APPLICATION_QUEUE));
      ctx.setMaxAppAttempts(conf.get(LauncherOptions.APPLICATION_ATTEMPTS));
      // A new ApplicationMaster attempt takes over the running TaskManagers instead of starting new ones.
      ctx.setKeepContainersAcrossApplicationAttempts(true);
      ctx.setAttemptFailuresValidityInterval(conf.get(HighAvailabilityOptions.ATTEMPT_FAILURES_VALIDITY_INTERVAL));
      ctx.setPriority(Priority.newInstance(0));
      String tags = conf.get(LauncherOptions.APPLICATION_TAGS);
      if (tags != null && !tags.isBlank()) {
        Set<String> set = new HashSet<>();
        for (String t : tags.split(",")) {
          if (!t.isBlank()) {
            set.add(t.trim());
          }
        }
        ctx.setApplicationTags(set);
      }
      ctx.setResource(Resource.newInstance((int) conf.get(LauncherOptions.JOBMANAGER_MEMORY).mebiBytes(), 1));
      ctx.setAMContainerSpec(am);
      yarn.submitApplication(ctx);
      LOG.info("Submitted application {} '{}' to queue {}", id, name, ctx.getQueue());
      return id;
    } catch (Exception | Error e) {
      try {
        fs.delete(staging, true);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** The --add-opens lines of conf/jvm-opens.args, or Weft's defaults without a repository root. */
  private List<String> jvmOpens() throws IOException {
    java.nio.file.Path root = environment.root();
    java.nio.file.Path file = root == null ? null : root.resolve("conf").resolve("jvm-opens.args");
    if (file == null || !Files.isRegularFile(file)) {
      return DEFAULT_OPENS;
    }
    List<String> opens = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.trim();
      if (l.startsWith("--add-opens")) {
        opens.addAll(Arrays.asList(l.split("\\s+")));
      }
    }
    return opens;
  }

  private static LocalResource upload(FileSystem fs, java.nio.file.Path local, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(local); FSDataOutputStream o = fs.create(target, true)) {
      in.transferTo(o);
    }
    return resource(fs.getFileStatus(target), LocalResourceVisibility.APPLICATION);
  }

  private static LocalResource write(FileSystem fs, Path target, byte[] content) throws IOException {
    try (FSDataOutputStream o = fs.create(target, true)) {
      o.write(content);
    }
    return resource(fs.getFileStatus(target), LocalResourceVisibility.APPLICATION);
  }

  private static LocalResource resource(FileStatus f, LocalResourceVisibility visibility) {
    return LocalResource.newInstance(org.apache.hadoop.yarn.api.records.URL.fromPath(f.getPath()),
        LocalResourceType.FILE, visibility, f.getLen(), f.getModificationTime());
  }

  // ---- attached mode ----

  private int follow(YarnClient yarn, ApplicationId id, long startMillis, TlsContext restTrust, boolean verifyHost)
      throws Exception {
    String webapp = WebAppUtilsShim.resourceManagerWebapp(hadoopConf);
    out.println("YARN UI: http://" + webapp + "/cluster/app/" + id);
    boolean trackingPrinted = false;
    boolean runningPrinted = false;
    String failurePrinted = null;
    while (true) {
      ApplicationReport report = yarn.getApplicationReport(id);
      YarnApplicationState state = report.getYarnApplicationState();
      if (!trackingPrinted && state == YarnApplicationState.RUNNING && report.getTrackingUrl() != null
          && !report.getTrackingUrl().isBlank() && !"N/A".equals(report.getTrackingUrl())) {
        out.println("Tracking URL: " + report.getTrackingUrl());
        trackingPrinted = true;
      }
      JobOverview job = null;
      if (state == YarnApplicationState.RUNNING) {
        job = JobOverview.fetch(report.getTrackingUrl(), restTrust, verifyHost);
        if (job == null) {
          // the proxy may be unreachable from here, or not trust the web server's certificate
          job = JobOverview.fetch(report.getOriginalTrackingUrl(), restTrust, verifyHost);
        }
      }
      if (!runningPrinted && job != null && job.allRunningAfterMillis() >= 0) {
        out.println("All tasks RUNNING " + job.allRunningAfterMillis() + " ms after weft run started");
        runningPrinted = true;
      }
      if (job != null && job.lastFailure() != null && !job.lastFailure().equals(failurePrinted)) {
        // Each failure once, in the JobManager's words (a memory kill says what to raise).
        out.println("Failure: " + job.lastFailure());
        failurePrinted = job.lastFailure();
      }
      switch (state) {
        case FINISHED:
        case FAILED:
        case KILLED:
          return finished(report, startMillis);
        default:
          // The JobManager's figures when its REST API answers, else what YARN knows.
          out.printf("%tT %s, progress %d%%%n", System.currentTimeMillis(),
              job != null ? job.line() : YarnApplications.displayState(report),
              Math.round(report.getProgress() * 100));
          out.flush();
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private int finished(ApplicationReport report, long startMillis) {
    FinalApplicationStatus status = report.getFinalApplicationStatus();
    String diagnostics = report.getDiagnostics() == null ? "" : report.getDiagnostics().trim();
    long millis = System.currentTimeMillis() - startMillis;
    if (report.getYarnApplicationState() == YarnApplicationState.FINISHED
        && status == FinalApplicationStatus.SUCCEEDED) {
      out.println("Application " + report.getApplicationId() + " FINISHED (SUCCEEDED) " + millis
          + " ms after weft run started" + (diagnostics.isEmpty() ? "" : ": " + diagnostics));
      return 0;
    }
    err.println("Application " + report.getApplicationId() + " " + report.getYarnApplicationState() + " (" + status
        + ")" + (diagnostics.isEmpty() ? "" : ": " + diagnostics));
    return 1;
  }

  /** The ResourceManager's web address, as clients see it. */
  private static final class WebAppUtilsShim {
    static String resourceManagerWebapp(YarnConfiguration conf) {
      return conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.DEFAULT_RM_WEBAPP_ADDRESS);
    }
  }
}
