package io.weft.worker.security;

import io.weft.core.rpc.UpdateDelegationTokens;
import io.weft.core.security.DelegationTokens;
import java.io.IOException;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TaskManager's side of delegation token renewal: the tokens the JobManager pushes replace those
 * of the same services in this process's user, which every Hadoop client here (checkpoint storage,
 * file sources and sinks) authenticates with on its next connection. Only tokens are taken, never
 * secret keys, so a message cannot replace the application secret.
 */
public final class TokenReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(TokenReceiver.class);

  private TokenReceiver() {}

  public static void apply(String taskManagerId, UpdateDelegationTokens message) {
    try {
      Credentials received = DelegationTokens.fromBytes(message.tokens());
      UserGroupInformation user = UserGroupInformation.getLoginUser();
      received.getTokenMap().forEach(user::addToken);
      LOG.info("TaskManager {} received new delegation tokens from the JobManager: {}", taskManagerId,
          DelegationTokens.describe(received));
    } catch (IOException | RuntimeException e) {
      LOG.warn("TaskManager {} cannot use the delegation tokens the JobManager sent: {}", taskManagerId, e.toString());
    }
  }
}
