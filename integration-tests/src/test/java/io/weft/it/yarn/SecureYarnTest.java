package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.CheckpointedSumJob;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft on a Kerberized MiniDFS + MiniYARN (Hadoop's MiniKdc, {@link SecureClusters}) whose HDFS
 * delegation tokens must be renewed every {@value #RENEW_MILLIS} ms and die after
 * {@value #MAX_LIFETIME_MILLIS} ms. Heavy (a KDC and two secure mini clusters): tagged "secure",
 * run with {@code -Psecure}. The refusal without usable credentials is also in the default suite,
 * against a real KDC ({@code launcher}'s {@code KerberosLoginTest}).
 */
@Tag("secure")
class SecureYarnTest {
  static final long RENEW_MILLIS = 15_000;
  static final long MAX_LIFETIME_MILLIS = 30_000;

  @TempDir static Path dir;
  private static SecureClusters secure;
  private static Path jobsJar;

  @BeforeAll
  static void startClusters() throws Exception {
    secure = SecureClusters.start(dir, RENEW_MILLIS, MAX_LIFETIME_MILLIS);
    jobsJar = secure.clusters.jobsJar();
  }

  @AfterAll
  static void stopClusters() throws Exception {
    if (secure != null) {
      secure.close();
    }
  }

  private MiniYarn.Result run(String name, long count, int rate, String checkpointInterval, File keytab,
      String principal) throws Exception {
    String root = secure.clusters.fs().getUri() + "/user/weft";
    return secure.clusters.weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "2",
        "-yD", "security.kerberos.login.keytab=" + keytab,
        "-yD", "security.kerberos.login.principal=" + principal,
        "-yD", "security.kerberos.krb5-conf.path=" + secure.kdc.getKrb5conf(),
        "-yD", "security.delegation.tokens.renewal.retry.backoff=2s",
        "-yD", "execution.checkpointing.interval=" + checkpointInterval,
        "-yD", "state.checkpoints.dir=" + root + "/checkpoints/" + name,
        "-c", CheckpointedSumJob.class.getName(), jobsJar.toString(), Long.toString(count), Integer.toString(rate),
        root + "/out/" + name);
  }

  @Test
  void aCheckpointedJobFromAKeytabLoginSucceedsWithCheckpointsOnHdfs() throws Exception {
    MiniYarn.Result result = run("short", 6_000, 1_000, "1s", secure.clientKeytab, secure.clientPrincipal);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(result.out().contains("FINISHED (SUCCEEDED)"), result.out());
    assertSums("short", 6_000);
    List<FileStatus> metadata = metadataFiles("short");
    assertFalse(metadata.isEmpty(), "completed checkpoints on HDFS");
    for (FileStatus f : metadata) {
      assertEquals("weft", f.getOwner(), f.getPath() + " belongs to the job's Kerberos user");
    }
  }

  /**
   * The job runs for more than four max lifetimes of a delegation token. Every token the launcher
   * obtained is dead after the first; checkpoints a few seconds apart reconnect to the NameNode
   * (clients drop idle connections after 2 s), so they keep succeeding only with the tokens the
   * ApplicationMaster re-obtains from the keytab and pushes to the TaskManagers.
   */
  @Test
  void tokensAreRenewedForSeveralLifetimesWhileCheckpointsContinue() throws Exception {
    long submitted = System.currentTimeMillis();
    MiniYarn.Result result = run("long", 130_000, 1_000, "4s", secure.clientKeytab, secure.clientPrincipal);
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertTrue(result.out().contains("FINISHED (SUCCEEDED)"), result.out());
    assertSums("long", 130_000);
    long lastCheckpoint = metadataFiles("long").stream().mapToLong(FileStatus::getModificationTime).max()
        .orElseThrow(() -> new AssertionError("no completed checkpoint on HDFS"));
    assertTrue(lastCheckpoint - submitted > 3 * MAX_LIFETIME_MILLIS, "a checkpoint completed more than three max"
        + " token lifetimes after submission (" + (lastCheckpoint - submitted) + " ms)");
  }

  @Test
  void aSubmissionWithoutUsableCredentialsIsRefusedBeforeAnythingIsSubmitted() throws Exception {
    File orphan = secure.orphanKeytab("gone");
    String principal = "gone@" + secure.kdc.getRealm();
    int applications = secure.clusters.client().getApplications().size();
    MiniYarn.Result result = run("refused", 10, 10, "1s", orphan, principal);
    assertEquals(2, result.exitCode(), result.out() + result.err());
    assertTrue(result.err().contains(principal) && result.err().contains(orphan.toString())
        && result.err().contains("Client not found in Kerberos database"), result.err());
    assertEquals(applications, secure.clusters.client().getApplications().size(), "no application was created");
  }

  private List<FileStatus> metadataFiles(String name) throws Exception {
    List<FileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = secure.clusters.fs().listFiles(
        new org.apache.hadoop.fs.Path("/user/weft/checkpoints/" + name), true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      if (f.getPath().getName().equals("_metadata")) {
        files.add(f);
      }
    }
    return files;
  }

  private void assertSums(String name, long count) throws Exception {
    List<String> expected = new ArrayList<>();
    for (long k = 0; k < 10; k++) {
      long sum = 0;
      for (long v = k; v < count; v += 10) {
        sum += v;
      }
      expected.add(k + "\t" + sum);
    }
    // Running sums: the last line per key is its total; the largest sum per key is the last one.
    java.util.Map<String, Long> last = new java.util.TreeMap<>();
    for (FileStatus part : secure.clusters.fs().listStatus(new org.apache.hadoop.fs.Path("/user/weft/out/" + name))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(secure.clusters.fs().open(part.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] kv = line.split("\t");
          last.merge(kv[0], Long.parseLong(kv[1]), Math::max);
        }
      }
    }
    List<String> actual = new ArrayList<>();
    last.forEach((k, v) -> actual.add(k + "\t" + v));
    assertEquals(expected, actual);
  }
}
