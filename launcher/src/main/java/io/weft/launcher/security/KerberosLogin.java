package io.weft.launcher.security;

import io.weft.core.config.Configuration;
import io.weft.core.security.SecurityOptions;
import io.weft.launcher.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's Kerberos login on a secure cluster ({@code hadoop.security.authentication=kerberos}):
 * from {@code security.kerberos.login.keytab} + {@code .principal}, else from the ticket cache when
 * {@code security.kerberos.login.use-ticket-cache} allows. When no credentials are usable, the run
 * is refused here, before anything talks to YARN, naming the principal, the keytab and the KDC's
 * answer. The keytab login returns its own user instead of replacing the process's login user, so
 * that the launcher can run inside a JVM that hosts other Hadoop services (the tests' mini clusters).
 */
public final class KerberosLogin {
  private static final Logger LOG = LoggerFactory.getLogger(KerberosLogin.class);

  private final UserGroupInformation user;

  private KerberosLogin(UserGroupInformation user) {
    this.user = user;
  }

  /** Whether the Hadoop configuration asks for Kerberos. */
  public static boolean isSecure(org.apache.hadoop.conf.Configuration hadoopConf) {
    return "kerberos".equalsIgnoreCase(hadoopConf.get("hadoop.security.authentication", "simple").trim());
  }

  /** Logs in as the configuration says; on a cluster without Kerberos, the process's user as it is. */
  public static KerberosLogin login(Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf) {
    String keytab = conf.get(SecurityOptions.KEYTAB);
    String principal = conf.get(SecurityOptions.PRINCIPAL);
    if ((keytab == null) != (principal == null)) {
      throw new CliException(SecurityOptions.KEYTAB.key() + " and " + SecurityOptions.PRINCIPAL.key()
          + " go together, but only " + (keytab != null ? SecurityOptions.KEYTAB.key() + "=" + keytab
          : SecurityOptions.PRINCIPAL.key() + "=" + principal) + " is set");
    }
    if (!isSecure(hadoopConf)) {
      return new KerberosLogin(null);
    }
    UserGroupInformation.setConfiguration(hadoopConf);
    if (keytab != null) {
      Path file = Path.of(keytab);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new CliException("The cluster is secure (Kerberos), but the keytab " + keytab + " of principal "
            + principal + " (" + SecurityOptions.KEYTAB.key() + ") " + (Files.exists(file) ? "cannot be read"
            : "does not exist"));
      }
      try {
        UserGroupInformation user = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal,
            file.toAbsolutePath().toString());
        LOG.info("Logged in to Kerberos as {} from keytab {}", user.getUserName(), keytab);
        return new KerberosLogin(user);
      } catch (IOException e) {
        throw new CliException("The cluster is secure (Kerberos), but principal " + principal
            + " cannot log in with keytab " + keytab + ": the KDC said: " + rootMessage(e)
            + ". Check " + SecurityOptions.PRINCIPAL.key() + ", " + SecurityOptions.KEYTAB.key()
            + " and the realm's krb5.conf");
      }
    }
    if (!conf.get(SecurityOptions.USE_TICKET_CACHE)) {
      throw new CliException("The cluster is secure (Kerberos), but no Kerberos credentials are usable: "
          + SecurityOptions.USE_TICKET_CACHE.key() + " is false and no keytab is set; set "
          + SecurityOptions.KEYTAB.key() + " and " + SecurityOptions.PRINCIPAL.key());
    }
    UserGroupInformation user;
    try {
      user = UserGroupInformation.getLoginUser();
    } catch (IOException e) {
      throw new CliException("The cluster is secure (Kerberos), but logging in from the ticket cache failed: "
          + rootMessage(e));
    }
    if (!user.hasKerberosCredentials()) {
      throw new CliException("The cluster is secure (Kerberos), but no Kerberos credentials are usable: no "
          + "keytab is set (" + SecurityOptions.KEYTAB.key() + ", " + SecurityOptions.PRINCIPAL.key()
          + ") and the ticket cache (" + (System.getenv("KRB5CCNAME") != null ? System.getenv("KRB5CCNAME")
          : "the default, KRB5CCNAME is not set") + ") holds no ticket for user " + user.getUserName()
          + "; run kinit or set a keytab");
    }
    LOG.info("Logged in to Kerberos as {} from the ticket cache", user.getUserName());
    return new KerberosLogin(user);
  }

  /** The logged-in user, or null on a cluster without Kerberos. */
  public UserGroupInformation user() {
    return user;
  }

  /** Runs {@code action} as the logged-in user (as is without Kerberos). */
  public <T> T run(PrivilegedExceptionAction<T> action) throws Exception {
    if (user == null) {
      return action.run();
    }
    try {
      return user.doAs(action);
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private static String rootMessage(Throwable t) {
    StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString();
  }
}
