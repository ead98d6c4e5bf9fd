package io.weft.appmaster.security;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.UpdateDelegationTokens;
import io.weft.core.security.DelegationTokens;
import io.weft.core.security.SecurityOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the job's Hadoop delegation tokens alive in the ApplicationMaster.
 *
 * <ul>
 *   <li>With the keytab the launcher staged ({@link ContainerKerberos#KEYTAB_FILE} in the working
 *       directory, and {@code security.kerberos.login.principal}): logs in from it, obtains fresh
 *       tokens at once (so a new attempt starts with fresh ones), renews them once to learn their next
 *       expiry, and obtains new ones again after {@code ratio × (expiry − now)}. Each set is added to
 *       this process's user (which its own HDFS clients and the launch contexts of new TaskManagers
 *       use, see {@link ContainerKerberos#taskManagerTokens}) and handed to {@code distribute}, which
 *       pushes it to the running TaskManagers. A failed round is retried after
 *       {@code security.delegation.tokens.renewal.retry.backoff}.</li>
 *   <li>Without a keytab: the ResourceManager renews the tokens the launcher obtained (it is their
 *       renewer) until their max lifetime; nobody can obtain new ones without Kerberos credentials.
 *       This logs when that is and how long the job has left, again at each quarter of the rest.</li>
 * </ul>
 */
public final class TokenRenewal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TokenRenewal.class);
  private static final long MIN_DELAY_MILLIS = 1_000;

  private final String logId;
  private final Configuration conf;
  private final org.apache.hadoop.conf.Configuration hadoopConf;
  private final Consumer<UpdateDelegationTokens> distribute;
  private final ScheduledExecutorService timer;
  private final UserGroupInformation keytabUser;

  private TokenRenewal(String logId, Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf,
      Consumer<UpdateDelegationTokens> distribute, UserGroupInformation keytabUser) {
    this.logId = logId;
    this.conf = conf;
    this.hadoopConf = hadoopConf;
    this.distribute = distribute;
    this.keytabUser = keytabUser;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weft-token-renewal");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts keeping tokens alive when Hadoop security is on (else does nothing). With a keytab, the
   * first tokens are obtained before this returns, so the first TaskManagers are launched with them;
   * failing that is an IOException naming the principal.
   */
  public static TokenRenewal start(String logId, Configuration conf, org.apache.hadoop.conf.Configuration hadoopConf,
      Consumer<UpdateDelegationTokens> distribute) throws IOException {
    if (!UserGroupInformation.isSecurityEnabled()) {
      TokenRenewal none = new TokenRenewal(logId, conf, hadoopConf, distribute, null);
      none.timer.shutdown();
      return none;
    }
    String principal = conf.get(SecurityOptions.PRINCIPAL);
    Path keytab = Path.of(ContainerKerberos.KEYTAB_FILE);
    if (principal == null || !Files.isRegularFile(keytab)) {
      TokenRenewal watch = new TokenRenewal(logId, conf, hadoopConf, distribute, null);
      watch.warnAboutMaxLifetime();
      return watch;
    }
    UserGroupInformation user;
    try {
      user = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, keytab.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new IOException("cannot log in to Kerberos as " + principal + " from the shipped keytab: " + e.getMessage(),
          e);
    }
    LOG.info("[{}] Logged in to Kerberos as {} from the shipped keytab; delegation tokens are renewed with it",
        logId, user.getUserName());
    TokenRenewal renewal = new TokenRenewal(logId, conf, hadoopConf, distribute, user);
    long delay = renewal.obtainAndDistribute();
    renewal.schedule(delay);
    return renewal;
  }

  /** One round: new tokens, into this process and to the TaskManagers; returns the delay until the next. */
  private long obtainAndDistribute() throws IOException {
    try {
      keytabUser.checkTGTAndReloginFromKeytab();
      Credentials fresh = as(keytabUser, () -> DelegationTokens.obtain(
          DelegationTokens.fileSystems(conf, hadoopConf), hadoopConf, keytabUser.getUserName()));
      long expiry = as(keytabUser, () -> DelegationTokens.renewOnce(fresh, hadoopConf));
      UserGroupInformation.getLoginUser().addCredentials(fresh);
      distribute.accept(new UpdateDelegationTokens(DelegationTokens.toBytes(fresh)));
      long now = System.currentTimeMillis();
      long delay = expiry == Long.MAX_VALUE ? conf.get(SecurityOptions.RENEWAL_RETRY_BACKOFF).toMillis()
          : Math.max(MIN_DELAY_MILLIS, (long) (SecurityOptions.renewalRatio(conf) * (expiry - now)));
      LOG.info("[{}] Obtained delegation tokens ({}), expiring {}; sent to the TaskManagers; next in {}", logId,
          DelegationTokens.describe(fresh), expiry == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(expiry),
          DelegationTokens.humanDuration(delay));
      return delay;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while obtaining delegation tokens", e);
    }
  }

  private void schedule(long delayMillis) {
    if (timer.isShutdown()) {
      return;
    }
    timer.schedule(() -> {
      long next;
      try {
        next = obtainAndDistribute();
      } catch (IOException | RuntimeException e) {
        next = conf.get(SecurityOptions.RENEWAL_RETRY_BACKOFF).toMillis();
        LOG.warn("[{}] Cannot obtain new delegation tokens as {} (retrying in {}): {}", logId,
            keytabUser.getUserName(), DelegationTokens.humanDuration(next), e.toString());
      }
      schedule(next);
    }, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Without a keytab: says when the tokens this process has end for good, now and at each quarter of the rest. */
  private void warnAboutMaxLifetime() throws IOException {
    long maxDate = DelegationTokens.earliestMaxDate(UserGroupInformation.getCurrentUser().getCredentials());
    if (maxDate == Long.MAX_VALUE) {
      LOG.warn("[{}] Hadoop security is on but no keytab was shipped ({} not set) and no delegation token with a max"
          + " lifetime is here", logId, SecurityOptions.KEYTAB.key());
      timer.shutdown();
      return;
    }
    long left = maxDate - System.currentTimeMillis();
    LOG.warn("[{}] No keytab ({} and {} not set): the ResourceManager renews the job's delegation tokens until their"
        + " max lifetime at {}, after which the job cannot reach HDFS; it has {} left. Submit with a keytab for jobs"
        + " that run longer", logId, SecurityOptions.KEYTAB.key(), SecurityOptions.PRINCIPAL.key(),
        Instant.ofEpochMilli(maxDate), DelegationTokens.humanDuration(left));
    if (left > 4 * MIN_DELAY_MILLIS && !timer.isShutdown()) {
      timer.schedule(() -> {
        try {
          warnAboutMaxLifetime();
        } catch (IOException | RuntimeException e) {
          LOG.warn("[{}] Cannot read this process's delegation tokens: {}", logId, e.toString());
        }
      }, left * 3 / 4, TimeUnit.MILLISECONDS);
    }
  }

  private static <T> T as(UserGroupInformation user, PrivilegedExceptionAction<T> action)
      throws IOException, InterruptedException {
    return user.doAs(action);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
