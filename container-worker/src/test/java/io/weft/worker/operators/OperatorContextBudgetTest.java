package io.weft.worker.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.plan.RuntimeMode;
import io.weft.core.types.TypeInfo;
import io.weft.state.StateOptions;
import io.weft.state.keyed.KeyedStateBackend;
import io.weft.worker.harness.ManualProcessingTimeService;
import io.weft.worker.memory.SlotBudget;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's keyed state lives within its slot's budget, and there is no operator without one. */
class OperatorContextBudgetTest {
  @TempDir
  Path dir;

  @Test
  void anOperatorWithoutASlotBudgetIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OperatorContext("job",
        "counter", "counter (1/1)", 0, 1, 128, new Configuration(), RuntimeMode.STREAMING,
        new ManualProcessingTimeService(0), null));
    assertTrue(e.getMessage().contains("'counter'"), e.getMessage());
  }

  @Test
  void rocksDbWorksInTheSlotsLocalDirectory() throws Exception {
    Configuration conf = new Configuration().set(StateOptions.BACKEND, StateOptions.ROCKSDB);
    SlotBudget budget = new SlotBudget(32L << 20, List.of(dir.toFile()));
    OperatorContext context = new OperatorContext("job", "counter", "counter (1/1)", 0, 1, 128, conf,
        RuntimeMode.STREAMING, new ManualProcessingTimeService(0), TypeInfo.of(String.class).createSerializer(),
        null, OperatorRestore.NONE, 0, budget);
    assertSame(budget, context.slotBudget());
    KeyedStateBackend<String> backend = context.createKeyedStateBackend();
    try {
      File[] files = dir.toFile().listFiles();
      assertEquals(1, files == null ? 0 : files.length, "RocksDB's working directory is in the slot's local dir");
    } finally {
      backend.close();
    }
  }

  @Test
  void threeKeyedOperatorsOfASlotShareItsOneRocksDbBudget() throws Exception {
    Configuration conf = new Configuration().set(StateOptions.BACKEND, StateOptions.ROCKSDB);
    SlotBudget budget = new SlotBudget(32L << 20, List.of(dir.toFile()));
    List<KeyedStateBackend<String>> backends = new java.util.ArrayList<>();
    try {
      for (String name : List.of("a", "b", "c")) {
        OperatorContext context = new OperatorContext("job", name, name + " (1/1)", 0, 1, 128, conf,
            RuntimeMode.STREAMING, new ManualProcessingTimeService(0), TypeInfo.of(String.class).createSerializer(),
            null, OperatorRestore.NONE, 0, budget);
        backends.add(context.createKeyedStateBackend());
        assertTrue(context.usesManagedMemory());
      }
      assertEquals(3, budget.rocksDbMemory().users(), "one cache and write buffer manager for the slot");
    } finally {
      for (KeyedStateBackend<String> b : backends) {
        b.close();
      }
    }
    assertEquals(0, budget.rocksDbMemory().users());
  }
}
