package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.CheckpointedSumJob;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other side of {@link SecureYarnTest}'s renewal test, on its own secure clusters: without a
 * keytab nobody can obtain new delegation tokens, so the same long checkpointed job fails once its
 * tokens pass their max lifetime (30 s), and the job's failure says so and what to do. The
 * launcher logs in "from the ticket cache" here, i.e. as this JVM's login user, which the secure
 * mini clusters' daemons logged in from their keytab ({@code user/localhost}).
 */
@Tag("secure")
class SecureWithoutKeytabTest {
  @TempDir static Path dir;

  @Test
  void withoutAKeytabTheJobFailsAtMaxLifetimeNamingTheExpiredToken() throws Exception {
    try (SecureClusters secure = SecureClusters.start(dir, 15_000, 30_000)) {
      Path jar = secure.clusters.jobsJar();
      String root = secure.clusters.fs().getUri() + "/user/user";
      secure.clusters.fs().mkdirs(new org.apache.hadoop.fs.Path("/user/user"));
      MiniYarn.Result r = secure.clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1",
          "-yp", "2", "-yD", "security.kerberos.krb5-conf.path=" + secure.kdc.getKrb5conf(),
          "-yD", "execution.checkpointing.interval=4s", "-yD", "state.checkpoints.dir=" + root + "/checkpoints/c",
          "-yD", "restart-strategy.type=none",
          "-c", CheckpointedSumJob.class.getName(), jar.toString(), "130000", "1000", root + "/out/c");
      assertEquals(1, r.exitCode(), r.out() + r.err());
      assertTrue(r.err().contains("FINISHED (FAILED)")
          && r.err().contains("Hadoop refused this TaskManager's delegation token")
          && r.err().contains("has expired") && r.err().contains("security.kerberos.login.keytab"), r.err());
    }
  }
}
