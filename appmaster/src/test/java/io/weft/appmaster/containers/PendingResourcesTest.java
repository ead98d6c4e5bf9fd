package io.weft.appmaster.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.Test;

class PendingResourcesTest {
  private final Resource each = Resource.newInstance(4096, 2);

  @Test
  void saysNothingBeforeTheIntervalThenWhatWasAskedAndWhatTheQueueHas() {
    PendingResources pending = new PendingResources("application_1_0001", "default", Duration.ofSeconds(10));
    assertNull(pending.update(2, each, Resource.newInstance(1536, 6), 1, 1_000));
    assertNull(pending.update(2, each, Resource.newInstance(1536, 6), 1, 10_999));
    assertEquals("Waiting 10 s for 2 TaskManager containers of 4096 MB and 2 vcores each that YARN has not granted:"
        + " this application can get 1536 MB and 6 vcores more (too little memory for one container) in queue"
        + " 'default' on 1 NodeManager; the job waits until other applications free resources (or cancel it and"
        + " ask for less: -ytm, -ys, yarn.containers.vcores)",
        pending.update(2, each, Resource.newInstance(1536, 6), 1, 11_000));
    assertEquals(pending.message(), pending.update(2, each, Resource.newInstance(1536, 6), 1, 11_500));
  }

  @Test
  void namesTheShortResourceAndForgetsOnceGranted() {
    PendingResources pending = new PendingResources("application_1_0001", "etl", Duration.ofSeconds(1));
    pending.update(1, each, Resource.newInstance(8192, 1), 3, 0);
    String message = pending.update(1, each, Resource.newInstance(8192, 1), 3, 2_000);
    assertEquals("Waiting 2 s for 1 TaskManager container of 4096 MB and 2 vcores that YARN has not granted: this"
        + " application can get 8192 MB and 1 vcores more (too few vcores for one container) in queue 'etl' on 3"
        + " NodeManagers; the job waits until other applications free resources (or cancel it and ask for less:"
        + " -ytm, -ys, yarn.containers.vcores)", message);
    assertNull(pending.update(0, each, null, 3, 3_000));
    assertNull(pending.message());
    assertNull(pending.update(1, each, null, 3, 3_500), "a new wait starts its own interval");
  }
}
