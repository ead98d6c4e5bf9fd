package io.weft.appmaster.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.RpcSecret;
import io.weft.core.security.SecurityOptions;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.Test;

class ContainerKerberosTest {
  private static Credentials read(ByteBuffer buffer) throws Exception {
    Credentials c = new Credentials();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.array(), buffer.position(),
        buffer.remaining()))) {
      c.readTokenStorageStream(in);
    }
    return c;
  }

  private static Token<TokenIdentifier> token(String kind, String service) {
    return new Token<>(new byte[] {1}, new byte[] {2}, new Text(kind), new Text(service));
  }

  @Test
  void launchTokensKeepTheApplicationSecretNextToTheDelegationTokens() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    Credentials tokens = new Credentials();
    tokens.addToken(new Text("nn:8020"), token("HDFS_DELEGATION_TOKEN", "nn:8020"));
    Credentials launch = read(ContainerKerberos.launchTokens(secret, tokens));
    assertEquals(1, launch.numberOfTokens());
    assertNotNull(launch.getToken(new Text("nn:8020")));
    assertEquals(read(secret.containerTokens()).getSecretKey(new Text("weft.application.secret")).length,
        launch.getSecretKey(new Text("weft.application.secret")).length);
  }

  @Test
  void taskManagersGetTheCurrentTokensButNeverTheAmrmToken() throws Exception {
    UserGroupInformation am = UserGroupInformation.createRemoteUser("weft");
    am.addToken(new Text("nn:8020"), token("HDFS_DELEGATION_TOKEN", "nn:8020"));
    am.addToken(new Text("rm:8030"), token(AMRMTokenIdentifier.KIND_NAME.toString(), "rm:8030"));
    String secret = RpcSecret.generate().toBase64();
    Credentials tm = read(am.doAs((PrivilegedExceptionAction<ByteBuffer>) () ->
        ContainerKerberos.taskManagerTokens(secret)));
    assertNotNull(tm.getToken(new Text("nn:8020")));
    assertNull(tm.getToken(new Text("rm:8030")), "the AMRMToken is the ApplicationMaster's alone");
    assertNotNull(tm.getSecretKey(new Text("weft.application.secret")));
  }

  @Test
  void theKrb5ConfIsPointedAtOnlyWhenShipped() {
    assertTrue(ContainerKerberos.jvmOptions(new Configuration()).isEmpty());
    assertEquals(1, ContainerKerberos.jvmOptions(new Configuration().set(SecurityOptions.KRB5_CONF, "/etc/krb5.conf"))
        .size());
  }
}
