package io.weft.core.security;

import io.weft.core.config.ConfigOption;
import io.weft.core.config.Configuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Kerberos login and delegation tokens on secure YARN clusters, with Flink 1.20's key names. */
public final class SecurityOptions {
  private SecurityOptions() {}

  public static final ConfigOption<String> KEYTAB = ConfigOption.of(
      "security.kerberos.login.keytab", String.class, null,
      "Keytab the launcher logs in with (with security.kerberos.login.principal). It is also shipped to the "
          + "ApplicationMaster only (owner-only, never to TaskManagers), which logs in from it and re-obtains "
          + "delegation tokens for as long as the job runs.");

  public static final ConfigOption<String> PRINCIPAL = ConfigOption.of(
      "security.kerberos.login.principal", String.class, null,
      "Kerberos principal of the keytab in security.kerberos.login.keytab.");

  public static final ConfigOption<Boolean> USE_TICKET_CACHE = ConfigOption.of(
      "security.kerberos.login.use-ticket-cache", Boolean.class, true,
      "Without a keytab, log in from the Kerberos ticket cache (kinit). The job's delegation tokens then live "
          + "until their max lifetime (dfs.namenode.delegation.token.max-lifetime, 7 days by default).");

  public static final ConfigOption<String> HADOOP_FILE_SYSTEMS = ConfigOption.of(
      "security.kerberos.access.hadoopFileSystems", String.class, null,
      "Further Hadoop file systems the job reaches, separated by ';' (e.g. hdfs://other-nn:8020), whose delegation "
          + "tokens are obtained besides those of the default file system and the checkpoint and savepoint "
          + "directories.");

  public static final ConfigOption<Double> RENEWAL_TIME_RATIO = ConfigOption.of(
      "security.delegation.tokens.renewal.time-ratio", Double.class, 0.75,
      "Fraction of the time until the delegation tokens' next expiry after which the ApplicationMaster obtains new "
          + "ones (with a keytab). The deprecated security.kerberos.tokens.renewal.time-ratio is read too.");

  public static final ConfigOption<Double> RENEWAL_TIME_RATIO_DEPRECATED = ConfigOption.of(
      "security.kerberos.tokens.renewal.time-ratio", Double.class, null,
      "Deprecated: security.delegation.tokens.renewal.time-ratio.");

  public static final ConfigOption<Duration> RENEWAL_RETRY_BACKOFF = ConfigOption.of(
      "security.delegation.tokens.renewal.retry.backoff", Duration.class, Duration.ofHours(1),
      "Wait before the ApplicationMaster tries again when obtaining delegation tokens failed.");

  public static final ConfigOption<String> KRB5_CONF = ConfigOption.of(
      "security.kerberos.krb5-conf.path", String.class, null,
      "A krb5.conf shipped to every container and used by their JVMs (java.security.krb5.conf), for clusters whose "
          + "nodes have none of their own for the realm.");

  // ---- TLS (Flink 1.20's key names) ----

  public static final ConfigOption<Boolean> SSL_INTERNAL_ENABLED = ConfigOption.of(
      "security.ssl.internal.enabled", Boolean.class, false,
      "Encrypt the traffic between Weft's processes (the JobManager's RPC, the TaskManagers' data plane, and weft "
          + "savepoint/stop) with mutual TLS: both sides present the certificate of "
          + "security.ssl.internal.keystore and trust only those of security.ssl.internal.truststore. Without a "
          + "keystore the launcher generates a self-signed certificate for each application. The secret's HMAC "
          + "handshake runs inside TLS either way.");

  public static final ConfigOption<String> SSL_INTERNAL_KEYSTORE = ConfigOption.of(
      "security.ssl.internal.keystore", String.class, null,
      "Keystore (PKCS12 or JKS, on the client) with the key and certificate of internal TLS; shipped to the "
          + "application's containers owner-only. Unset: a per-application self-signed certificate is generated at "
          + "submission and serves as keystore and truststore.");

  public static final ConfigOption<String> SSL_INTERNAL_KEYSTORE_PASSWORD = ConfigOption.of(
      "security.ssl.internal.keystore-password", String.class, null,
      "Password of security.ssl.internal.keystore.");

  public static final ConfigOption<String> SSL_INTERNAL_KEY_PASSWORD = ConfigOption.of(
      "security.ssl.internal.key-password", String.class, null,
      "Password of the key in security.ssl.internal.keystore; unset: the keystore's password.");

  public static final ConfigOption<String> SSL_INTERNAL_TRUSTSTORE = ConfigOption.of(
      "security.ssl.internal.truststore", String.class, null,
      "Truststore (on the client) with the certificates internal TLS peers must present; shipped like the keystore. "
          + "Required with security.ssl.internal.keystore.");

  public static final ConfigOption<String> SSL_INTERNAL_TRUSTSTORE_PASSWORD = ConfigOption.of(
      "security.ssl.internal.truststore-password", String.class, null,
      "Password of security.ssl.internal.truststore.");

  public static final ConfigOption<Boolean> SSL_REST_ENABLED = ConfigOption.of(
      "security.ssl.rest.enabled", Boolean.class, false,
      "Serve the ApplicationMaster's web UI and REST API over HTTPS only (the tracking URL becomes https://). Its "
          + "certificate is security.ssl.rest.keystore's, or else internal TLS's (the generated one when "
          + "security.ssl.internal.keystore is unset).");

  public static final ConfigOption<String> SSL_REST_KEYSTORE = ConfigOption.of(
      "security.ssl.rest.keystore", String.class, null,
      "Keystore (on the client) with the web server's key and certificate; shipped to the ApplicationMaster "
          + "owner-only.");

  public static final ConfigOption<String> SSL_REST_KEYSTORE_PASSWORD = ConfigOption.of(
      "security.ssl.rest.keystore-password", String.class, null,
      "Password of security.ssl.rest.keystore.");

  public static final ConfigOption<String> SSL_REST_KEY_PASSWORD = ConfigOption.of(
      "security.ssl.rest.key-password", String.class, null,
      "Password of the key in security.ssl.rest.keystore; unset: the keystore's password.");

  public static final ConfigOption<String> SSL_REST_TRUSTSTORE = ConfigOption.of(
      "security.ssl.rest.truststore", String.class, null,
      "Truststore with the web server's certificate, for HTTPS clients of the REST API; unset: internal TLS's.");

  public static final ConfigOption<String> SSL_REST_TRUSTSTORE_PASSWORD = ConfigOption.of(
      "security.ssl.rest.truststore-password", String.class, null,
      "Password of security.ssl.rest.truststore.");

  /** The renewal ratio, from the current key or else the deprecated one; checked to be in (0, 1]. */
  public static double renewalRatio(Configuration conf) {
    double ratio = !conf.contains(RENEWAL_TIME_RATIO) && conf.get(RENEWAL_TIME_RATIO_DEPRECATED) != null
        ? conf.get(RENEWAL_TIME_RATIO_DEPRECATED) : conf.get(RENEWAL_TIME_RATIO);
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException(RENEWAL_TIME_RATIO.key() + " must be in (0, 1], got " + ratio);
    }
    return ratio;
  }

  /** The file systems named in {@link #HADOOP_FILE_SYSTEMS}. */
  public static List<String> extraFileSystems(Configuration conf) {
    List<String> result = new ArrayList<>();
    String value = conf.get(HADOOP_FILE_SYSTEMS);
    if (value != null) {
      for (String fs : value.split("[;,]")) {
        if (!fs.isBlank()) {
          result.add(fs.trim());
        }
      }
    }
    return result;
  }

  public static List<ConfigOption<?>> all() {
    return List.of(KEYTAB, PRINCIPAL, USE_TICKET_CACHE, HADOOP_FILE_SYSTEMS, RENEWAL_TIME_RATIO,
        RENEWAL_TIME_RATIO_DEPRECATED, RENEWAL_RETRY_BACKOFF, KRB5_CONF, SSL_INTERNAL_ENABLED, SSL_INTERNAL_KEYSTORE,
        SSL_INTERNAL_KEYSTORE_PASSWORD, SSL_INTERNAL_KEY_PASSWORD, SSL_INTERNAL_TRUSTSTORE,
        SSL_INTERNAL_TRUSTSTORE_PASSWORD, SSL_REST_ENABLED, SSL_REST_KEYSTORE, SSL_REST_KEYSTORE_PASSWORD,
        SSL_REST_KEY_PASSWORD, SSL_REST_TRUSTSTORE, SSL_REST_TRUSTSTORE_PASSWORD);
  }
}
