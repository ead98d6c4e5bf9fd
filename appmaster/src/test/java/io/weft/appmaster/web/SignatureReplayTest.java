package io.weft.appmaster.web;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.rpc.RpcSecret;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed action is done once per application, not once per ApplicationMaster attempt: the next
 * attempt (a new {@link ActionSignature} over the same staging directory) refuses what an earlier
 * one accepted.
 */
class SignatureReplayTest {
  @TempDir
  Path staging;

  @Test
  void aSignatureUsedByAnEarlierAttemptIsRefusedByTheNext() throws Exception {
    RpcSecret secret = RpcSecret.generate();
    String path = "/api/v1/jobs/job_1_0001/savepoint";
    long now = System.currentTimeMillis();
    Map<String, String> params = new HashMap<>(Map.of("targetDirectory", "hdfs:///savepoints",
        ActionSignature.TIMESTAMP, Long.toString(now)));
    params.put(ActionSignature.SIGNATURE, ActionSignature.sign(secret, "PUT", path, params));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging.toUri());

    ActionSignature first = ActionSignature.persistedIn(secret, 60_000, fs, dir);
    assertNull(first.verify("PUT", path, params, now));
    ActionSignature second = ActionSignature.persistedIn(secret, 60_000, fs, dir); // the next attempt
    String refused = second.verify("PUT", path, params, now + 1000);
    assertTrue(refused != null && refused.contains("already used"), "replayed across attempts: " + refused);
  }
}
