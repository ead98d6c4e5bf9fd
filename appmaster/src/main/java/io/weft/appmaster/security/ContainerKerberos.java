package io.weft.appmaster.security;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.SecurityOptions;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * What Weft's containers get for Kerberos: the names of the staged keytab and krb5.conf, the JVM
 * option that points at the latter, and the tokens of a container's launch context.
 */
public final class ContainerKerberos {
  /**
   * The keytab in the staging directory (0600 in the 0700 directory) and in the ApplicationMaster's
   * working directory. Only the ApplicationMaster's launch context names it: TaskManagers get tokens.
   */
  public static final String KEYTAB_FILE = "krb5.keytab";
  /** The staged {@code security.kerberos.krb5-conf.path}, in every container's working directory. */
  public static final String KRB5_CONF_FILE = "krb5.conf";

  private ContainerKerberos() {}

  /** {@code -Djava.security.krb5.conf=<working dir>/krb5.conf} when one is shipped, else nothing. */
  public static List<String> jvmOptions(Configuration conf) {
    List<String> options = new ArrayList<>();
    if (conf.get(SecurityOptions.KRB5_CONF) != null) {
      options.add("-Djava.security.krb5.conf=" + ApplicationConstants.Environment.PWD.$$() + "/" + KRB5_CONF_FILE);
    }
    return options;
  }

  /** The launch context tokens: the application secret (as {@link RpcSecret#containerTokens()}) and {@code tokens}. */
  public static ByteBuffer launchTokens(RpcSecret secret, Credentials tokens) {
    Credentials all = new Credentials();
    ByteBuffer secretTokens = secret.containerTokens();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(secretTokens.array(),
        secretTokens.arrayOffset() + secretTokens.position(), secretTokens.remaining()))) {
      all.readTokenStorageStream(in);
    } catch (IOException e) {
      throw new IllegalStateException("reading credentials from memory cannot fail", e);
    }
    all.addAll(tokens);
    try (DataOutputBuffer out = new DataOutputBuffer()) {
      all.writeTokenStorageToStream(out);
      return ByteBuffer.wrap(Arrays.copyOf(out.getData(), out.getLength()));
    } catch (IOException e) {
      throw new IllegalStateException("writing credentials to memory cannot fail", e);
    }
  }

  /**
   * A TaskManager's launch context tokens: the secret and this process's current delegation tokens
   * (the freshest the ApplicationMaster has), never its AMRMToken, and never the keytab.
   */
  public static ByteBuffer taskManagerTokens(String secretBase64) {
    Credentials tokens = new Credentials();
    try {
      UserGroupInformation.getCurrentUser().getCredentials().getTokenMap().forEach((alias, token) -> {
        if (!AMRMTokenIdentifier.KIND_NAME.equals(token.getKind())) {
          tokens.addToken(alias, token);
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot read this process's credentials: " + e.getMessage(), e);
    }
    return launchTokens(RpcSecret.fromBase64(secretBase64), tokens);
  }
}
