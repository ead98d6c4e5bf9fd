package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.jobs.NoopJob;
import io.weft.it.jobs.TinyPlanJob;
import io.weft.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * weft list, weft cancel and the container-size check against a real ResourceManager
 * (MiniYARNCluster). The applications are real: their ApplicationMaster container runs `sleep`.
 */
class YarnCommandsTest {
  @RegisterExtension static final SharedYarn YARN = SharedYarn.small();
  @TempDir static Path dir;
  private static MiniYarn clusters;
  private static YarnClient client;

  @BeforeAll
  static void startYarn() throws Exception {
    clusters = YARN.clusters();
    client = clusters.client();
  }

  private static MiniYarn.Result weft(String... args) {
    return clusters.weft(args);
  }

  /**
   * Submits an application whose ApplicationMaster container only sleeps. It never registers, so
   * YARN keeps it ACCEPTED (RUNNING needs a registered AM); we wait until its container exists.
   */
  private static ApplicationId submitSleeper(String type) throws Exception {
    var app = client.createApplication();
    ApplicationSubmissionContext ctx = app.getApplicationSubmissionContext();
    ctx.setApplicationName("sleeper-" + type);
    ctx.setApplicationType(type);
    ctx.setResource(Resource.newInstance(128, 1));
    ctx.setAMContainerSpec(ContainerLaunchContext.newInstance(null, null, List.of("sleep 120"), null, null, null));
    client.submitApplication(ctx);
    ApplicationId id = ctx.getApplicationId();
    Await.until("the ApplicationMaster container of " + id + " is allocated", Duration.ofSeconds(60), () -> {
      var attempt = client.getApplicationReport(id).getCurrentApplicationAttemptId();
      return attempt != null && client.getApplicationAttemptReport(attempt).getAMContainerId() != null;
    });
    return id;
  }

  @Test
  void listShowsRunningWeftApplicationsAndCancelKillsThem() throws Exception {
    MiniYarn.Result empty = weft("list");
    assertEquals(0, empty.exitCode(), empty.err());
    assertTrue(empty.out().contains("No Weft applications are running"), empty.out());

    ApplicationId weftApp = submitSleeper("WEFT");
    ApplicationId otherApp = submitSleeper("OTHER");
    try {
      MiniYarn.Result listed = weft("list");
      assertEquals(0, listed.exitCode(), listed.err());
      List<String> lines = listed.out().lines().toList();
      assertEquals(2, lines.size(), "a header and the WEFT application: " + listed.out());
      assertTrue(lines.get(0).matches("NAME +APPLICATION +STATE +FINAL STATUS +PROGRESS +TRACKING URL"), lines.get(0));
      assertTrue(lines.get(1).matches("sleeper-WEFT +" + weftApp + " +ACCEPTED +UNDEFINED +0% +\\S+"), lines.get(1));
      assertEquals(lines.get(0).indexOf("APPLICATION"), lines.get(1).indexOf(weftApp.toString()), "aligned");
      assertTrue(!listed.out().contains(otherApp.toString()), "only WEFT applications are listed: " + listed.out());

      MiniYarn.Result refused = weft("cancel", otherApp.toString());
      assertEquals(2, refused.exitCode());
      assertTrue(refused.err().contains("not WEFT"), refused.err());
      assertEquals(YarnApplicationState.ACCEPTED, client.getApplicationReport(otherApp).getYarnApplicationState());

      MiniYarn.Result canceled = weft("cancel", weftApp.toString());
      assertEquals(0, canceled.exitCode(), canceled.err());
      assertTrue(canceled.out().contains("KILLED"), canceled.out());
      // No JobManager runs (the sleeper never registers), so there is none to ask: YARN kills it, and says so.
      assertTrue(canceled.out().contains("Killing " + weftApp + " through YARN, since it has no running JobManager"
          + " (ACCEPTED); the job is not archived for the history server"), canceled.out());
      assertEquals(YarnApplicationState.KILLED, client.getApplicationReport(weftApp).getYarnApplicationState());
    } finally {
      client.killApplication(otherApp);
      client.killApplication(weftApp);
    }
  }

  @Test
  void cancelOfAnUnknownApplicationSaysSo() {
    MiniYarn.Result r = weft("cancel", "application_1_9999");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("No application application_1_9999"), r.err());
    MiniYarn.Result byJob = weft("cancel", "job_1_9999");
    assertEquals(2, byJob.exitCode());
    assertTrue(byJob.err().contains("No application application_1_9999"), "a job id names its application: "
        + byJob.err());
  }

  @Test
  void containersAboveTheClusterMaximumAreRefusedBeforeSubmission() throws Exception {
    Path jar = jobJar();
    MiniYarn.Result memory = weft("run", "-m", "yarn-cluster", "-ytm", "8g", jar.toString());
    assertEquals(2, memory.exitCode());
    assertTrue(memory.err().contains("-ytm") && memory.err().contains("8192m") && memory.err().contains("4096m"),
        memory.err());

    MiniYarn.Result vcores = weft("run", "-m", "yarn-cluster", "-ys", "16", jar.toString());
    assertEquals(2, vcores.exitCode());
    assertTrue(vcores.err().contains("16 vcores") && vcores.err().contains("(8 vcores)"), vcores.err());
    assertEquals(0, client.getApplications(EnumSet.of(YarnApplicationState.NEW, YarnApplicationState.SUBMITTED,
        YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING)).size(), "nothing was submitted");
  }

  @Test
  void aJobTheClusterCanNeverHoldAndAMissingQueueAreRefusedBeforeSubmission() throws Exception {
    Path jar = jobJar(TinyPlanJob.class);
    // 4 TaskManagers of 2048 MB and the ApplicationMaster's 768 MB on one 4096 MB NodeManager: one fits beside it.
    MiniYarn.Result tooBig = weft("run", "-m", "yarn-cluster", "-yjm", "768", "-ytm", "2048", "-ys", "1", "-p", "4",
        jar.toString());
    assertEquals(2, tooBig.exitCode(), tooBig.out() + tooBig.err());
    assertTrue(tooBig.err().contains("Job 'tiny' needs 4 TaskManager container(s) (parallelism 4 / 1 slot(s) each)"
        + " of 2048 MB and 1 vcore(s), besides the ApplicationMaster's 768 MB and 1 vcore; the cluster's 1 running"
        + " NodeManager(s) (4096 MB and 8 vcores in all) can hold at most 1 such TaskManager(s) beside it"), tooBig.err());

    MiniYarn.Result queue = weft("run", "-m", "yarn-cluster", "-yqu", "nosuchqueue", jar.toString());
    assertEquals(2, queue.exitCode(), queue.out() + queue.err());
    assertTrue(queue.err().contains("-yqu (yarn.application.queue): the cluster has no queue 'nosuchqueue'; its"
        + " queues are default"), queue.err());
    assertEquals(0, client.getApplications(EnumSet.of(YarnApplicationState.NEW, YarnApplicationState.SUBMITTED,
        YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING)).size(), "nothing was submitted");
  }

  /** A jar holding NoopJob, with it as Main-Class. */
  private static Path jobJar() throws Exception {
    return jobJar(NoopJob.class);
  }

  /** A jar holding {@code job} (a class without nested or lambda classes), with it as Main-Class. */
  private static Path jobJar(Class<?> job) throws Exception {
    Path jar = dir.resolve(job.getSimpleName() + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, job.getName());
    String entry = job.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var in = job.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
