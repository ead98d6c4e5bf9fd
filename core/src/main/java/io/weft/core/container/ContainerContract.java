package io.weft.core.container;

import io.weft.core.ha.JobManagerAddressFile;
import io.weft.core.plan.PlanFile;
import java.util.Set;

/**
 * What a Weft YARN container may count on, and the one place that names it: the launcher stages these
 * files and sets this environment for the ApplicationMaster, the ApplicationMaster hands the same on
 * to its TaskManagers, and both mains read them. The application secret is not here: it travels in
 * each container's launch-context tokens, never in the environment (YARN writes that to
 * {@code launch_container.sh}).
 */
public final class ContainerContract {
  private ContainerContract() {}

  // ---- environment ----

  /** The application's staging directory on the cluster's FileSystem (every container). */
  public static final String ENV_STAGING_DIR = "WEFT_STAGING_DIR";
  /**
   * The shipped jars and directories on the classpath, as names in the working directory separated
   * by ':' (no shipped name has one: the cluster's FileSystem cannot store it); set only when there
   * are some. The ApplicationMaster gets it from the launcher and hands it on to its TaskManagers.
   */
  public static final String ENV_SHIP_CLASSPATH = "WEFT_SHIP_CLASSPATH";
  /** {@code host:port} of the JobManager's RPC server (TaskManagers). */
  public static final String ENV_JOBMANAGER_ADDRESS = "WEFT_JOBMANAGER_ADDRESS";
  /** The TaskManager's id, {@code tm-<position>} with a suffix for replacements (TaskManagers). */
  public static final String ENV_TASKMANAGER_ID = "WEFT_TASKMANAGER_ID";

  // ---- the working directory (localized from the staging directory) ----

  /** The user's jar, first on the classpath after the configuration. */
  public static final String JOB_JAR = "job.jar";
  /** The plan with the client's function objects, MACed ({@link PlanFile}). */
  public static final String PLAN_FILE = PlanFile.NAME;
  /** The effective configuration plus what the launcher hands the ApplicationMaster. */
  public static final String CONF_FILE = "weft-conf.yaml";
  /** The containers' logging configuration (into the container's log directory). */
  public static final String LOG4J_FILE = "log4j.properties";
  /** The client's {@code core-site.xml}, {@code yarn-site.xml}, {@code hdfs-site.xml}. */
  public static final String HADOOP_CONF_DIR = "hadoop-conf";
  /** Weft's runtime jars. */
  public static final String LIB_DIR = "lib";
  /**
   * Weft's runtime jars as one zip archive (entries at its root) in the launcher's shared cache,
   * localized as a YARN ARCHIVE under {@link #LIB_DIR}: one file to upload and localize instead of
   * a hundred.
   */
  public static final String RUNTIME_ARCHIVE = "weft-runtime.zip";
  /**
   * Internal TLS's keystore (the configured one, or the generated per-application one), 0600 in the
   * staging directory, localized into every container (APPLICATION visibility); see
   * {@code io.weft.core.security.InternalTls}.
   */
  public static final String TLS_KEYSTORE_FILE = "tls-keystore.p12";
  /** Internal TLS's truststore (the generated keystore's copy when none is configured); as the keystore. */
  public static final String TLS_TRUSTSTORE_FILE = "tls-truststore.p12";
  /** The web server's keystore ({@code security.ssl.rest.keystore}), when one is configured; as the keystore. */
  public static final String TLS_REST_KEYSTORE_FILE = "tls-rest-keystore.p12";

  // ---- the staging directory only (never localized) ----

  /**
   * The staging directory's copy of the application secret, for {@code weft savepoint} and
   * {@code stop}: never localized into a container (they get the secret in their tokens).
   */
  public static final String SECRET_FILE = "secret";
  /** Where each ApplicationMaster attempt writes its RPC address ({@link JobManagerAddressFile}). */
  public static final String JOBMANAGER_ADDRESS_FILE = JobManagerAddressFile.NAME;

  /** Names Weft itself puts in the staging directory or a working directory; shipped files must not take them. */
  public static final Set<String> RESERVED_NAMES = Set.of(JOB_JAR, PLAN_FILE, CONF_FILE, LOG4J_FILE,
      HADOOP_CONF_DIR, LIB_DIR, SECRET_FILE, JOBMANAGER_ADDRESS_FILE, TLS_KEYSTORE_FILE, TLS_TRUSTSTORE_FILE,
      TLS_REST_KEYSTORE_FILE);

  // ---- main classes (by name: the modules that launch them do not all see them) ----

  public static final String APPLICATION_MASTER_MAIN_CLASS = "io.weft.appmaster.ApplicationMasterMain";
  public static final String TASKMANAGER_MAIN_CLASS = "io.weft.worker.taskmanager.TaskManagerMain";
}
