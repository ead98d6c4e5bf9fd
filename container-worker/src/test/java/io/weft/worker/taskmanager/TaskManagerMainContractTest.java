package io.weft.worker.taskmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.core.container.ContainerContract;
import org.junit.jupiter.api.Test;

/** The ApplicationMaster launches TaskManagers by the name the container contract gives; it must be this class's. */
class TaskManagerMainContractTest {
  @Test
  void theContractNamesTheTaskManagersMainClass() {
    assertEquals(TaskManagerMain.class.getName(), ContainerContract.TASKMANAGER_MAIN_CLASS);
  }
}
