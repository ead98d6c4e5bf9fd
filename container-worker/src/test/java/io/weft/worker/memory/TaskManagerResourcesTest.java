package io.weft.worker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.config.CoreOptions;
import io.weft.core.config.MemorySize;
import io.weft.core.memory.MemoryOptions;
import io.weft.core.memory.TaskManagerMemory;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TaskManager's resources, computed once, and the budget each slot gets from them. */
class TaskManagerResourcesTest {
  private static Configuration conf(String processSize, int slots) {
    return new Configuration().set(MemoryOptions.TM_PROCESS_SIZE, MemorySize.parse(processSize))
        .set(CoreOptions.NUM_TASK_SLOTS, slots);
  }

  @Test
  void eachSlotGetsItsShareOfManagedMemoryAndTheNetworkIsTheModelsShare() {
    Configuration conf = conf("2g", 4);
    TaskManagerMemory model = TaskManagerMemory.of(conf);
    TaskManagerResources resources = TaskManagerResources.of(conf, null);
    assertEquals(model.managed().bytes() / 4, resources.slotBudget().managedBytes());
    assertTrue(resources.slotBudget().managedBytes() > 0);
    assertEquals(model.network().bytes(), resources.networkBytes());
    assertEquals(4, resources.slots());
  }

  @Test
  void everySlotHasItsOwnBudgetAndItsOwnRocksDbMemoryNamedInMessages() {
    TaskManagerResources resources = TaskManagerResources.of(conf("2g", 3), null, "TaskManager tm-3");
    for (int i = 0; i < 3; i++) {
      SlotBudget slot = resources.slotBudget(i);
      assertEquals(i, slot.slot());
      assertEquals(slot.managedBytes(), slot.rocksDbMemory().totalBytes());
      assertEquals("slot " + i + " of TaskManager tm-3", slot.rocksDbMemory().owner());
      for (int j = 0; j < i; j++) {
        assertNotSame(resources.slotBudget(j).rocksDbMemory(), slot.rocksDbMemory(), "slots share no memory");
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resources.slotBudget(3));
    assertTrue(e.getMessage().contains(CoreOptions.NUM_TASK_SLOTS.key()), e.getMessage());
  }

  @Test
  void aLocalRunDividesManagedMemoryAmongItsOwnSlotsNotTheConfiguredOnes() {
    Configuration conf = conf("2g", 1); // numberOfTaskSlots says 1; the local run has 4 pipelines
    TaskManagerResources local = TaskManagerResources.forLocalRun(conf, 4);
    assertEquals(4, local.slots());
    assertEquals(TaskManagerMemory.of(conf).managed().bytes() / 4, local.slotBudget(3).managedBytes());
  }

  @Test
  void yarnsLocalDirectoriesElseTheTemporaryDirectory() {
    assertEquals(List.of(new File("/data/1"), new File("/data/2")),
        TaskManagerResources.of(conf("2g", 1), "/data/1, ,/data/2").slotBudget().localDirs());
    assertEquals(List.of(new File(System.getProperty("java.io.tmpdir"))),
        TaskManagerResources.of(conf("2g", 1), null).slotBudget().localDirs());
  }

  @Test
  void aProcessTooSmallForTheModelIsAnErrorNamingTheOptionNotAFallback() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskManagerResources.of(conf("300m", 1), null));
    assertTrue(e.getMessage().contains(MemoryOptions.TM_PROCESS_SIZE.key()), e.getMessage());
  }

  @Test
  void noSlotsIsAnErrorNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TaskManagerResources.of(conf("2g", 0), null));
    assertTrue(e.getMessage().contains(CoreOptions.NUM_TASK_SLOTS.key()), e.getMessage());
  }

  @Test
  void aBudgetNeedsALocalDirectoryAndNonNegativeMemory() {
    assertThrows(IllegalArgumentException.class, () -> new SlotBudget(1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new SlotBudget(-1, List.of(new File("/tmp"))));
  }
}
