package io.weft.it.yarn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.MiniYarn;
import io.weft.it.yarn.jobs.NativeMemoryHogJob;
import io.weft.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager whose user function allocates native memory past its container on a real
 * MiniYARNCluster whose NodeManager enforces physical memory: YARN kills it, and the job's
 * exceptions (REST), the attached {@code weft run} and {@code weft list} say so in words, with
 * the TaskManager's last memory figures and what to raise.
 */
class MemoryKillYarnTest {
  /** The words of {@code MemoryKill}: who, what it used of what, and what to raise. */
  private static final Pattern WORDS = Pattern.compile("TaskManager tm-\\d+(-r\\d+)? was killed by YARN for using "
      + "[0-9.]+ [GM]B of its [0-9.]+ [GM]B container; raise -ytm or taskmanager\\.memory\\.\\*");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aTaskManagerKilledForNativeMemoryIsNamedInTheExceptionsTheAttachedRunAndWeftList() throws Exception {
    try (MiniYarn clusters = MiniYarn.start("weft-memory-kill", dir, 6144, 4, MiniYarn.enforcePhysicalMemory(200))) {
      Path jobsJar = clusters.jobsJar();
      CompletableFuture<MiniYarn.Result> run = CompletableFuture.supplyAsync(() -> clusters.weft("run",
          "-m", "yarn-cluster", "-yjm", "768", "-ytm", "1024", "-ys", "1", "-yp", "1",
          // Without checkpoints Flink's default is no restart: keep the job alive to be listed.
          "-yD", "restart-strategy.type=fixed-delay", "-yD", "restart-strategy.fixed-delay.attempts=1000",
          "-yD", "restart-strategy.fixed-delay.delay=2s",
          "-c", NativeMemoryHogJob.class.getName(), jobsJar.toString()));
      try {
        ApplicationId id = Await.value("the application runs", Duration.ofSeconds(120), () -> {
          for (ApplicationReport a : clusters.client().getApplications(EnumSet.of(YarnApplicationState.RUNNING))) {
            return a.getApplicationId();
          }
          assertTrue(!run.isDone(), () -> "weft run ended early: " + run.join().out() + run.join().err());
          return null;
        });
        String exceptions = Await.value("the job's exceptions name the memory kill", Duration.ofSeconds(150), () -> {
          String url = clusters.client().getApplicationReport(id).getOriginalTrackingUrl();
          if (url == null || !url.startsWith("http")) {
            return null;
          }
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
              (url.endsWith("/") ? url : url + "/") + "api/v1/exceptions")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          return r.statusCode() == 200 && WORDS.matcher(r.body()).find() ? r.body() : null;
        });
        assertTrue(exceptions.contains("Its last heartbeat: heap ") && exceptions.contains(", RSS "),
            "the breakdown of the last heartbeat: " + exceptions);

        MiniYarn.Result list = clusters.weft("list");
        assertTrue(list.out().contains(id + " last failure: ") && WORDS.matcher(list.out()).find(),
            "weft list says it: " + list.out());
        // The attached run prints the same lastFailure on its next 2 s poll (JobOverviewTest reads it from
        // the overview); whether that poll comes before this test kills the job is a race, so it is not
        // asserted here.
      } finally {
        clusters.killRunningApplications();
        run.get(120, TimeUnit.SECONDS);
      }
    }
  }
}
