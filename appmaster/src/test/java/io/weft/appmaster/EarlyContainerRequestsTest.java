package io.weft.appmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.impl.AMRMClientImpl;
import org.junit.jupiter.api.Test;

class EarlyContainerRequestsTest {
  private final ApplicationAttemptId attempt = ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);

  @Test
  void grantsBeforeTheJobManagerWaitForItInOrderWithTheirRequestsRemoved() throws Exception {
    EarlyContainerRequests early = new EarlyContainerRequests(attempt);
    Recorder recorder = new Recorder();
    CountingClient client = new CountingClient();
    AMRMClientAsync<ContainerRequest> amrm = AMRMClientAsync.createAMRMClientAsync(client, 500, early);
    Configuration conf = new Configuration();
    conf.set(StagedOptions.TASK_MANAGERS, 2);
    assertEquals(2, early.request(amrm, conf, 0));
    Resource resource = TaskManagerContainers.taskManagerResource(conf);
    assertEquals(2, client.outstanding);

    Container first = container(2, resource);
    early.onContainersAllocated(List.of(first));
    early.onContainersCompleted(List.of());
    assertEquals(1, client.outstanding, "the held grant's request is removed at once");
    assertTrue(recorder.calls.isEmpty());

    early.attach(recorder);
    assertEquals(List.of("allocated " + first.getId(), "completed 0"), recorder.calls);
    assertTrue(early.requestRemovedFor(first.getId()));
    assertFalse(early.requestRemovedFor(first.getId()), "once per container");

    Container second = container(3, resource);
    early.onContainersAllocated(List.of(second));
    assertEquals("allocated " + second.getId(), recorder.calls.get(2));
    assertFalse(early.requestRemovedFor(second.getId()), "after the JobManager took over, it removes requests");
    assertEquals(1, client.outstanding);
  }

  @Test
  void nothingIsRequestedWithoutAStagedCountOrWithKeptContainers() {
    EarlyContainerRequests early = new EarlyContainerRequests(attempt);
    CountingClient client = new CountingClient();
    AMRMClientAsync<ContainerRequest> amrm = AMRMClientAsync.createAMRMClientAsync(client, 500, early);
    Configuration conf = new Configuration();
    assertEquals(0, early.request(amrm, conf, 0));
    conf.set(StagedOptions.TASK_MANAGERS, 3);
    assertEquals(0, early.request(amrm, conf, 1), "a later attempt's kept TaskManagers come back first");
    assertEquals(0, early.requested());
    assertEquals(0, client.outstanding);
  }

  /** What the client would ask YARN for: requests added less those removed (the ask's container count). */
  private static final class CountingClient extends AMRMClientImpl<ContainerRequest> {
    int outstanding;

    @Override
    public synchronized void addContainerRequest(ContainerRequest req) {
      outstanding++;
    }

    @Override
    public synchronized void removeContainerRequest(ContainerRequest req) {
      outstanding--;
    }
  }

  private Container container(int id, Resource resource) {
    return Container.newInstance(ContainerId.newContainerId(attempt, id), NodeId.newInstance("node", 1), "node:2",
        resource, Priority.newInstance(1), null);
  }

  private static final class Recorder extends AMRMClientAsync.AbstractCallbackHandler {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onContainersAllocated(List<Container> containers) {
      containers.forEach(c -> calls.add("allocated " + c.getId()));
    }

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
      calls.add("completed " + statuses.size());
    }

    @Override
    public void onContainersUpdated(List<UpdatedContainer> containers) {}

    @Override
    public void onShutdownRequest() {}

    @Override
    public void onNodesUpdated(List<NodeReport> updatedNodes) {}

    @Override
    public float getProgress() {
      return 0;
    }

    @Override
    public void onError(Throwable e) {}
  }
}
