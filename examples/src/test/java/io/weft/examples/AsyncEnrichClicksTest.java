package io.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.weft.api.datastream.AsyncDataStream;
import io.weft.api.environment.StreamEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example's lookup against its own HTTP service: every click comes back with its user's profile, in order. */
@Timeout(120)
class AsyncEnrichClicksTest {
  @Test
  void everyClickIsEnrichedInInputOrder() throws Exception {
    HttpServer server = AsyncEnrichClicks.startProfileService(2);
    try {
      String url = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/user/";
      StreamEnvironment env = StreamEnvironment.createLocalEnvironment(1);
      var clicks = env.fromSequence(0, 299).map(c -> "click-" + c + " user-" + (c % 50)).returns(String.class);
      List<String> out = AsyncDataStream.orderedWait(clicks, new AsyncEnrichClicks.ProfileLookup(url), 30,
          TimeUnit.SECONDS, 20).executeAndCollect();
      List<String> expected = new ArrayList<>();
      for (long c = 0; c < 300; c++) {
        String user = "user-" + (c % 50);
        expected.add("click-" + c + " " + user + " -> " + user + ": segment " + Math.floorMod(user.hashCode(), 5));
      }
      assertEquals(expected, out);
    } finally {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
