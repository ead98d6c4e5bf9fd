package io.weft.core.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.rpc.RpcCodec;
import io.weft.core.rpc.UpdateDelegationTokens;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.junit.jupiter.api.Test;

class DelegationTokensTest {
  private static Credentials sample() {
    Credentials c = new Credentials();
    c.addToken(new Text("127.0.0.1:8020"), new Token<TokenIdentifier>(new byte[] {1, 2, 3}, new byte[] {9, 8},
        new Text("HDFS_DELEGATION_TOKEN"), new Text("127.0.0.1:8020")));
    c.addSecretKey(new Text("weft.application.secret"), new byte[32]);
    return c;
  }

  @Test
  void tokensTravelInHadoopsTokenStorageFormatWithoutSecretKeys() throws IOException {
    byte[] bytes = DelegationTokens.toBytes(sample());
    assertEquals("HDTS", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    // Through the RPC codec, as the JobManager sends them to TaskManagers.
    UpdateDelegationTokens message = (UpdateDelegationTokens) RpcCodec.decode(
        RpcCodec.encode(new UpdateDelegationTokens(bytes)));
    Credentials read = DelegationTokens.fromBytes(message.tokens());
    assertEquals(1, read.numberOfTokens());
    Token<? extends TokenIdentifier> token = read.getToken(new Text("127.0.0.1:8020"));
    assertArrayEquals(new byte[] {9, 8}, token.getPassword());
    assertNull(read.getSecretKey(new Text("weft.application.secret")), "secret keys are never pushed");
    assertEquals("HDFS_DELEGATION_TOKEN for 127.0.0.1:8020", DelegationTokens.describe(read));
  }

  @Test
  void garbageIsAnIoExceptionNamingTheFormat() {
    IOException e = assertThrows(IOException.class, () -> DelegationTokens.fromBytes(new byte[] {1, 2, 3, 4, 5}));
    assertTrue(e.getMessage().contains("not Hadoop token storage"), e.getMessage());
  }

  @Test
  void fileSystemsAreTheDefaultTheStateDirectoriesAndTheNamedOnes() throws IOException {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration(false);
    hadoop.set("fs.defaultFS", "file:///");
    Configuration conf = new Configuration()
        .setString("state.checkpoints.dir", "file:///tmp/cp")
        .setString(SecurityOptions.HADOOP_FILE_SYSTEMS.key(), "file:///a; file:///b");
    assertEquals(List.of(URI.create("file:///")), DelegationTokens.fileSystems(conf, hadoop));
  }

  @Test
  void theRenewalRatioHasFlinksKeysAndBounds() {
    assertEquals(0.75, SecurityOptions.renewalRatio(new Configuration()));
    assertEquals(0.5, SecurityOptions.renewalRatio(new Configuration()
        .setString("security.kerberos.tokens.renewal.time-ratio", "0.5")));
    assertEquals(0.6, SecurityOptions.renewalRatio(new Configuration()
        .setString("security.kerberos.tokens.renewal.time-ratio", "0.5")
        .setString("security.delegation.tokens.renewal.time-ratio", "0.6")));
    assertThrows(IllegalArgumentException.class, () -> SecurityOptions.renewalRatio(new Configuration()
        .setString("security.delegation.tokens.renewal.time-ratio", "1.5")));
  }
}
