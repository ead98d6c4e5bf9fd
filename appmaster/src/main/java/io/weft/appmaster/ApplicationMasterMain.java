package io.weft.appmaster;

import io.weft.appmaster.history.Archiver;
import io.weft.appmaster.rescale.RescaledParallelism;
import io.weft.core.config.Configuration;
import io.weft.core.container.ContainerContract;
import io.weft.core.plan.JobGraph;
import io.weft.core.plan.PlanFile;
import io.weft.core.rpc.RegistrationRejected;
import io.weft.core.rpc.RpcConnection;
import io.weft.core.rpc.RpcHandler;
import io.weft.core.rpc.RpcMessage;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.rpc.RpcServer;
import io.weft.core.rpc.RpcService;
import io.weft.core.rpc.RpcSettings;
import io.weft.core.security.TlsContext;
import io.weft.core.security.TlsMaterial;
import io.weft.appmaster.security.ContainerKerberos;
import io.weft.appmaster.security.TokenRenewal;
import io.weft.appmaster.web.ActionSignature;
import io.weft.appmaster.web.JobView;
import io.weft.appmaster.web.WebOptions;
import io.weft.appmaster.web.WebServer;
import io.weft.core.ha.HighAvailabilityOptions;
import io.weft.core.ha.JobManagerAddressFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster process: hosts the {@link JobManager} of one job.
 *
 * <p>Contract with the launcher ({@code io.weft.launcher.yarn.YarnSubmitter}), named in
 * {@link ContainerContract}:
 * <ul>
 *   <li>Credentials: the application secret ({@link RpcSecret#containerTokens()}). Environment:
 *       {@value ContainerContract#ENV_STAGING_DIR}
 *       (the staging directory on the cluster's FileSystem), {@value ContainerContract#ENV_SHIP_CLASSPATH} (shipped
 *       jars and directories, if any), and YARN's CONTAINER_ID and NM_HOST.</li>
 *   <li>Working directory: {@code weft-conf.yaml} (the effective configuration plus the
 *       {@link StagedOptions} and {@code yarn.application-attempts}), {@code job.plan} (the {@link PlanFile}),
 *       {@code job.jar}, {@code log4j.properties}, {@code hadoop-conf/}, {@code lib/} and the shipped files under
 *       their base names. The classpath is the working directory, hadoop-conf/, job.jar, the shipped
 *       jars and directories and lib/*, so the Hadoop client finds the cluster and the plan's classes
 *       load here.</li>
 * </ul>
 * Steps: read the plan the launcher staged (its MAC checked with the secret; the user's main() never
 * runs here) on a thread of its own, while this one starts the RPC server (ephemeral port,
 * authenticated with the secret) and the web UI and REST API ({@link WebServer}, the tracking URL),
 * registers with the ResourceManager and requests the TaskManagers' containers the launcher counted
 * ({@link EarlyContainerRequests}); then check the plan's fingerprint against the launcher's, place
 * it ({@link Placement}), let the {@link JobManager} take those requests over and run the job; then
 * delete the staging directory and unregister with the job's final status and diagnostics.
 * Terminated (killed) on the last attempt, it deletes the staging directory on the way out
 * ({@link StagingDirectory}). A plan that cannot be read or placed ends the application FAILED
 * right after registering. The process exits 0 whenever it unregistered, so
 * YARN does not start another attempt for a job that failed on its own.
 */
public final class ApplicationMasterMain {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationMasterMain.class);

  /**
   * The names Weft itself puts in the staging directory or a container's working directory; shipped files
   * must not take them: the container contract's, the record of used REST action signatures and the record of
   * the rescaled parallelism.
   */
  public static final Set<String> STAGED_NAMES = Stream.concat(ContainerContract.RESERVED_NAMES.stream(),
      Stream.of(ActionSignature.USED_DIRECTORY, RescaledParallelism.NAME, io.weft.core.cache.CachedFiles.DIRECTORY, ContainerKerberos.KEYTAB_FILE,
          ContainerKerberos.KRB5_CONF_FILE)).collect(Collectors.toUnmodifiableSet());

  private ApplicationMasterMain() {}

  /** The id of the job an application runs: {@code job_<cluster>_<n>}, the same in every attempt. */
  public static String jobId(ApplicationId applicationId) {
    return applicationId.toString().replace("application_", "job_");
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(System.getenv());
    } catch (Throwable t) {
      LOG.error("The ApplicationMaster failed", t);
      code = 1;
    }
    System.exit(code);
  }

  /**
   * The environment of a Weft container: the staging directory and the classpath (the secret goes
   * in the launch context's tokens, never here: YARN writes the environment to launch_container.sh):
   * the working directory, {@code hadoop-conf/}, {@code job.jar}, the shipped jars and directories
   * (user code before Weft's, as job.jar), then {@code lib/*}.
   */
  public static Map<String, String> containerEnvironment(String stagingDir, List<String> shipClasspath) {
    String pwd = ApplicationConstants.Environment.PWD.$$();
    String sep = ApplicationConstants.CLASS_PATH_SEPARATOR;
    StringBuilder classpath = new StringBuilder(pwd + sep + pwd + "/" + ContainerContract.HADOOP_CONF_DIR + sep + pwd
        + "/" + ContainerContract.JOB_JAR);
    for (String name : shipClasspath) {
      classpath.append(sep).append(pwd).append('/').append(name);
    }
    classpath.append(sep).append(pwd).append("/" + ContainerContract.LIB_DIR + "/*");
    Map<String, String> env = new HashMap<>();
    env.put("CLASSPATH", classpath.toString());
    env.put(ContainerContract.ENV_STAGING_DIR, stagingDir);
    if (!shipClasspath.isEmpty()) {
      env.put(ContainerContract.ENV_SHIP_CLASSPATH, String.join(":", shipClasspath));
    }
    return Map.copyOf(env);
  }

  /**
   * The environment of this ApplicationMaster's TaskManagers: the shipped jars and directories on
   * the classpath are the ones the launcher gave this process, so both see the same files.
   */
  public static Map<String, String> containerEnvironment(String stagingDir) {
    return containerEnvironment(stagingDir, shipClasspath(System.getenv()));
  }

  static List<String> shipClasspath(Map<String, String> env) {
    String value = env.get(ContainerContract.ENV_SHIP_CLASSPATH);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(":")).filter(name -> !name.isBlank()).toList();
  }

  static int run(Map<String, String> env) throws Exception {
    RpcSecret secret = RpcSecret.fromContainerCredentials();
    String stagingDir = require(env, ContainerContract.ENV_STAGING_DIR);
    ContainerId containerId = ContainerId.fromString(require(env, ApplicationConstants.Environment.CONTAINER_ID.name()));
    ApplicationAttemptId attemptId = containerId.getApplicationAttemptId();
    String host = env.get(ApplicationConstants.Environment.NM_HOST.name()) != null
        ? env.get(ApplicationConstants.Environment.NM_HOST.name()) : InetAddress.getLocalHost().getHostName();
    Configuration conf = Configuration.fromYamlFile(Path.of(ContainerContract.CONF_FILE));
    YarnConfiguration yarnConf = new YarnConfiguration();
    LOG.info("[{}] ApplicationMaster starting in container {} on {}", attemptId, containerId, host);
    StagingDirectory staging = new StagingDirectory(yarnConf, stagingDir, attemptId);
    staging.deleteOnTermination(StagingDirectory.isLastAttempt(attemptId,
        conf.contains(HighAvailabilityOptions.APPLICATION_ATTEMPTS) ? conf.get(HighAvailabilityOptions.APPLICATION_ATTEMPTS)
            : null));

    // The plan is read on a thread of its own while this one starts the servers, registers and
    // requests the TaskManagers' containers: both are mostly class loading and waiting.
    CompletableFuture<JobGraph> planRead = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        planRead.complete(readPlan(secret, stagingDir));
      } catch (Throwable t) {
        planRead.completeExceptionally(t);
      }
    }, "weft-plan-reader");
    reader.setDaemon(true);
    reader.start();

    // TLS from the keystores the launcher staged into the working directory (null when off). The
    // launcher checked them; should they still not load, every attempt would fail alike: end the job.
    TlsContext internalTls = null;
    TlsContext restTls = null;
    String failure = null;
    try {
      internalTls = TlsMaterial.internal(conf, secret, TlsMaterial.workingDirectory());
      restTls = TlsMaterial.rest(conf, secret, TlsMaterial.workingDirectory());
    } catch (IOException | RuntimeException e) {
      internalTls = null;
      restTls = null;
      failure = "cannot set up TLS (security.ssl.*): " + describe(e);
      LOG.error("[{}] {}", attemptId, failure, e);
    }
    AtomicReference<JobManager> jobManager = new AtomicReference<>();
    AtomicReference<String> earlyFailure = new AtomicReference<>(failure);
    JobView.Container amContainer = new JobView.Container(containerId.toString(), host,
        env.get(ApplicationConstants.Environment.NM_HTTP_PORT.name()) != null
            ? host + ":" + env.get(ApplicationConstants.Environment.NM_HTTP_PORT.name()) : "");
    String user = env.getOrDefault(ApplicationConstants.Environment.USER.name(), System.getProperty("user.name"));
    try (RpcService rpc = new RpcService(secret, RpcSettings.defaults(), internalTls);
        WebServer web = new WebServer(conf.get(WebOptions.PORT), () -> (jobManager.get() != null
            ? jobManager.get().view()
            : JobView.placeholder(attemptId.getApplicationId().toString(), attemptId.getAttemptId(),
                earlyFailure.get() != null ? "FAILED" : "STARTING", conf.toMap())).withJobManager(amContainer, user),
            jobManager::get, ActionSignature.persistedIn(secret, conf.get(WebOptions.MAX_CLOCK_SKEW).toMillis(),
                new org.apache.hadoop.fs.Path(stagingDir).getFileSystem(yarnConf), new org.apache.hadoop.fs.Path(stagingDir)),
            conf.get(WebOptions.REFRESH_INTERVAL).toMillis(), WebServer.DEFAULT_REQUEST_TIMEOUT, restTls)) {
      web.setMetricReports(() -> jobManager.get() != null ? jobManager.get().metricStore().current() : List.of());
      String trackingUrl = web.scheme() + "://" + host + ":" + web.port() + "/";
      if (failure != null) {
        endEarly(yarnConf, host, trackingUrl, staging, failure);
        return 0;
      }
      RpcServer server = rpc.startServer("0.0.0.0", 0, new Delegate(jobManager));
      String address = host + ":" + server.port();
      EarlyContainerRequests early = new EarlyContainerRequests(attemptId);
      AMRMClientAsync<ContainerRequest> amrm = AMRMClientAsync.createAMRMClientAsync(
          io.weft.appmaster.containers.HeartbeatIntervals.initialMillis(conf), early);
      amrm.init(yarnConf);
      amrm.start();
      NMClientAsync nm = null;
      JobManager jm = null;
      TokenRenewal tokens = null;
      try {
        RegisterApplicationMasterResponse registration = amrm.registerApplicationMaster(host, server.port(),
            trackingUrl);
        List<Container> kept = registration.getContainersFromPreviousAttempts();
        LOG.info("[{}] Registered with the ResourceManager (application attempt {}); JobManager RPC at {}, tracking"
            + " URL {}; {} container(s) kept from earlier attempts", attemptId, attemptId.getAttemptId(), address,
            trackingUrl, kept.size());
        early.request(amrm, conf, kept.size());

        JobGraph graph = null;
        JobGraph running;
        RescaledParallelism rescaled;
        Placement placement;
        try {
          graph = awaitPlan(planRead);
          String expected = conf.get(StagedOptions.FINGERPRINT);
          if (expected != null && !expected.equals(graph.fingerprint())) {
            throw new IllegalStateException("the staged plan has fingerprint " + graph.fingerprint()
                + ", but the launcher submitted fingerprint " + expected);
          }
          LOG.info("[{}] Plan of job '{}' (fingerprint {}):\n{}", attemptId, graph.jobName(), graph.fingerprint(),
              graph.describe().stripTrailing());
          // Before placing: the TaskManagers this attempt needs are those of the parallelism the job runs at.
          org.apache.hadoop.fs.Path stagingPath = new org.apache.hadoop.fs.Path(stagingDir);
          rescaled = new RescaledParallelism(stagingPath.getFileSystem(yarnConf), stagingPath);
          running = rescaled.applyTo(graph, ApplicationMasterMain.class.getClassLoader(), attemptId);
          placement = Placement.of(running, conf);
          LOG.info("[{}] {} TaskManagers of {} slots, subtasks {}", attemptId, placement.numTaskManagers(),
              placement.slots(), placement.spread() ? "spread over them (subtask i on TaskManager i mod "
                  + placement.numTaskManagers() + ")" : "packed (subtask i on TaskManager i / " + placement.slots() + ")");
        } catch (Throwable t) {
          failure = (graph == null ? "cannot read the job's plan: " : "Job '" + graph.jobName()
              + "' cannot be scheduled: ") + describe(t);
          LOG.error("[{}] {}", attemptId, failure, t);
          earlyFailure.set(failure);
          endRegistered(amrm, staging, trackingUrl, failure);
          return 0;
        }
        Long startValue = conf.get(StagedOptions.CLIENT_START_MILLIS);
        long clientStart = startValue != null ? startValue : System.currentTimeMillis();
        try {
          jm = new JobManager(attemptId, graph, running, placement, conf, yarnConf, stagingDir, secret.toBase64(),
              address, clientStart, rescaled);
        } catch (RuntimeException e) {
          // The same configuration fails the same way in every attempt: end the application with the cause.
          String cause = "Job '" + graph.jobName() + "' cannot start: " + describe(e);
          LOG.error("[{}] {}", attemptId, cause, e);
          earlyFailure.set(cause);
          endRegistered(amrm, staging, trackingUrl, cause);
          return 0;
        }
        jobManager.set(jm);
        nm = NMClientAsync.createNMClientAsync(jm.nodeManagerCallbacks());
        nm.init(yarnConf);
        nm.start();
        try {
          // Before any TaskManager is launched: with a keytab, they start with fresh tokens.
          tokens = TokenRenewal.start(attemptId.toString(), conf, yarnConf, jm::distributeTokens);
          jm.start(amrm, nm, kept, early);
          // After start(): containers granted meanwhile go to the JobManager, which now takes them over.
          early.attach(jm.resourceManagerCallbacks());
          // After start(): the JobManager knows the kept containers before their TaskManagers can find it.
          JobManagerAddressFile.write(new org.apache.hadoop.fs.Path(stagingDir).getFileSystem(yarnConf),
              new org.apache.hadoop.fs.Path(stagingDir),
              new JobManagerAddressFile.Location(attemptId.getAttemptId(), host, server.port()));
        } catch (Exception e) {
          LOG.error("[{}] Cannot start the job", attemptId, e);
          early.attach(jm.resourceManagerCallbacks());
          jm.fail("cannot start the job: " + describe(e));
        }
        JobManager.Outcome outcome = jm.outcome().get();
        LOG.info("[{}] Job {} ended {}: {}", attemptId, jm.jobId(), outcome.status(), outcome.diagnostics());
        jm.finishCheckpointIo();
        String finalTrackingUrl = Archiver.archive(jm.view().withJobManager(amContainer, user), jm.scaling(), conf,
            yarnConf, trackingUrl);
        staging.delete();
        amrm.unregisterApplicationMaster(outcome.status(), outcome.diagnostics(), finalTrackingUrl);
      } finally {
        if (tokens != null) {
          tokens.close();
        }
        if (nm != null) {
          nm.stop();
        }
        amrm.stop();
        if (jm != null) {
          jm.close();
        }
      }
    }
    LOG.info("[{}] ApplicationMaster stopped", attemptId);
    return 0;
  }

  private static void endEarly(YarnConfiguration yarnConf, String host, String trackingUrl, StagingDirectory staging,
      String failure) throws Exception {
    AMRMClient<ContainerRequest> amrm = AMRMClient.createAMRMClient();
    amrm.init(yarnConf);
    amrm.start();
    try {
      amrm.registerApplicationMaster(host, 0, trackingUrl);
      staging.delete();
      amrm.unregisterApplicationMaster(FinalApplicationStatus.FAILED, failure, trackingUrl);
    } finally {
      amrm.stop();
    }
  }

  /** Ends an application that registered but cannot run its job: FAILED with {@code failure}. */
  private static void endRegistered(AMRMClientAsync<ContainerRequest> amrm, StagingDirectory staging,
      String trackingUrl, String failure) throws Exception {
    staging.delete();
    amrm.unregisterApplicationMaster(FinalApplicationStatus.FAILED, failure, trackingUrl);
  }

  /** The plan from the reader thread, with its own failure rather than the future's wrapper. */
  private static JobGraph awaitPlan(CompletableFuture<JobGraph> planRead) throws Throwable {
    try {
      return planRead.get();
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  /** The plan the launcher staged, as YARN localized it into the working directory (job.jar is on the classpath). */
  static JobGraph readPlan(RpcSecret secret, String stagingDir) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(ContainerContract.PLAN_FILE))) {
      return PlanFile.read(in, stagingDir + "/" + ContainerContract.PLAN_FILE, PlanFile.key(secret),
          ApplicationMasterMain.class.getClassLoader());
    }
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.getMessage() != null ? t.getMessage() : t.toString());
    Set<Throwable> seen = new HashSet<>();
    seen.add(t);
    for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
      b.append("; caused by ").append(c);
    }
    return b.toString();
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: ApplicationMasterMain is started by the Weft launcher");
    }
    return value;
  }

  /** The RPC server's handler until and after the JobManager exists. */
  private static final class Delegate implements RpcHandler {
    private final AtomicReference<JobManager> target;

    Delegate(AtomicReference<JobManager> target) {
      this.target = target;
    }

    @Override
    public void onMessage(RpcConnection connection, RpcMessage message) {
      JobManager jm = target.get();
      if (jm != null) {
        jm.onMessage(connection, message);
      }
    }

    @Override
    public void onRequest(RpcConnection connection, long correlationId, RpcMessage request) {
      JobManager jm = target.get();
      if (jm != null) {
        jm.onRequest(connection, correlationId, request);
      } else {
        connection.reply(correlationId, new RegistrationRejected("the JobManager is not running yet"));
      }
    }

    @Override
    public void onClosed(RpcConnection connection, Throwable cause) {
      JobManager jm = target.get();
      if (jm != null) {
        jm.onClosed(connection, cause);
      }
    }
  }
}
