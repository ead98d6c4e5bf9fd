package io.weft.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.core.config.Configuration;
import io.weft.core.config.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryModelTest {

  private static Configuration tm(String size) {
    return new Configuration().set(MemoryOptions.TM_PROCESS_SIZE, MemorySize.parse(size));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1024m", "1536m", "1728m", "4g", "16g"})
  void componentsAddUpToTheProcessSize(String size) {
    TaskManagerMemory m = TaskManagerMemory.of(tm(size));
    long sum = m.jvmOverhead().bytes() + m.metaspace().bytes() + m.heap().bytes() + m.directMemory().bytes()
        + m.managed().bytes();
    assertEquals(MemorySize.parse(size).bytes(), sum, "every byte of the container is accounted for");
  }

  @Test
  void dividesFourGigabytesAsFlinkDoes() {
    TaskManagerMemory m = TaskManagerMemory.of(tm("4g"));
    long mb = 1024 * 1024;
    assertEquals(409, m.jvmOverhead().bytes() / mb, "10% of 4096m");
    long totalWeft = 4096 * mb - m.jvmOverhead().bytes() - 256 * mb;
    assertEquals((long) (totalWeft * 0.1), m.network().bytes());
    assertEquals((long) (totalWeft * 0.4), m.managed().bytes());
    assertEquals(m.managed().bytes() / 2, m.managedPerSlot(2).bytes());
  }

  @Test
  void overheadAndNetworkAreClamped() {
    TaskManagerMemory small = TaskManagerMemory.of(tm("1024m"));
    assertEquals(MemorySize.parse("192m"), small.jvmOverhead());
    assertEquals(MemorySize.parse("64m"), small.network());
    TaskManagerMemory big = TaskManagerMemory.of(tm("64g"));
    assertEquals(MemorySize.parse("1g"), big.jvmOverhead());
    assertEquals(MemorySize.parse("1g"), big.network());
  }

  @Test
  void jvmOptionsBoundHeapDirectAndMetaspace() {
    TaskManagerMemory m = TaskManagerMemory.of(tm("1536m"));
    assertTrue(m.jvmOptions().contains("-Xmx" + m.heap().bytes()));
    assertTrue(m.jvmOptions().contains("-XX:MaxDirectMemorySize=" + m.directMemory().bytes()));
    assertTrue(m.jvmOptions().contains("-XX:MaxMetaspaceSize=" + (256L << 20)));
  }

  @Test
  void tooSmallATaskManagerNamesTheFlagTheValueAndTheMinimum() {
    long minimum = TaskManagerMemory.minimumProcessSize(new Configuration());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskManagerMemory.of(tm("600m")));
    assertTrue(e.getMessage().contains("-ytm"), e.getMessage());
    assertTrue(e.getMessage().contains("600m"), e.getMessage());
    assertTrue(e.getMessage().contains("at least " + minimum + "m"), e.getMessage());
    TaskManagerMemory.of(tm(minimum + "m"));
  }

  @Test
  void jobManagerHeapIsWhatRemains() {
    JobManagerMemory m = JobManagerMemory.of(new Configuration().set(MemoryOptions.JM_PROCESS_SIZE, MemorySize.parse("768m")));
    assertEquals(MemorySize.parse("192m"), m.heap(), "768 - 192 overhead - 256 metaspace - 128 off-heap");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JobManagerMemory.of(new Configuration().set(MemoryOptions.JM_PROCESS_SIZE, MemorySize.parse("512m"))));
    assertTrue(e.getMessage().contains("-yjm") && e.getMessage().contains("512m")
        && e.getMessage().contains("at least 704m"), e.getMessage());
  }
}
