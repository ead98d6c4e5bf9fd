package io.weft.worker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.token.SecretManager;
import org.junit.jupiter.api.Test;

class ExpiredTokensTest {
  @Test
  void aRemoteInvalidTokenAnywhereInTheChainIsNamedWithWhatToDo() {
    RemoteException remote = new RemoteException(SecretManager.InvalidToken.class.getName(),
        "token (HDFS_DELEGATION_TOKEN token 3 for weft) is expired");
    String hint = ExpiredTokens.hint(new RuntimeException("checkpoint upload failed", new IOException(remote)));
    assertTrue(hint.contains("is expired") && hint.contains("security.kerberos.login.keytab"), hint);
  }

  @Test
  void aLocalInvalidTokenIsNamedToo() {
    assertTrue(ExpiredTokens.hint(new SecretManager.InvalidToken("token is expired")).contains("delegation token"));
  }

  @Test
  void otherFailuresGetNoHint() {
    assertEquals("", ExpiredTokens.hint(new IOException("disk full")));
    assertEquals("", ExpiredTokens.hint(new RemoteException("java.io.FileNotFoundException", "no such file")));
  }
}
