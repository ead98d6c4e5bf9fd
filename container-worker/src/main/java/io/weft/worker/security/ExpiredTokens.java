package io.weft.worker.security;

import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.token.SecretManager;

/**
 * Tells a failure caused by an expired or unknown Hadoop delegation token apart from any other
 * IOException, so that the job's exceptions say why HDFS refused and what to do about it.
 */
public final class ExpiredTokens {
  private ExpiredTokens() {}

  /** A sentence to prepend when {@code t}'s chain holds a refused delegation token, else "". */
  public static String hint(Throwable t) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      boolean invalidToken = c instanceof SecretManager.InvalidToken
          || (c instanceof RemoteException r && SecretManager.InvalidToken.class.getName().equals(r.getClassName()));
      if (invalidToken) {
        return "Hadoop refused this TaskManager's delegation token (" + c.getMessage() + "): the job's tokens expired"
            + " or reached their max lifetime; submit with security.kerberos.login.keytab and"
            + " security.kerberos.login.principal so that the ApplicationMaster renews them. ";
      }
    }
    return "";
  }
}
