package io.weft.it.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's memory rules (SoakTest runs only with -Psoak; its verdict must be able to fail). */
class SoakRulesTest {
  private static final long MB = 1048576L;
  private static final ContainerProcesses.Jvm TM = new ContainerProcesses.Jvm("container_1_0001_01_000002", 1, false, 0);
  private static final ContainerProcesses.Jvm AM = new ContainerProcesses.Jvm("container_1_0001_01_000001", 2, true, 0);

  /** One sample a minute, the TaskManager's and the AM's RSS in MB from the lists; RocksDB uses nothing. */
  private static List<SoakTest.Sample> samples(long[] tm, long[] am) {
    return samples(tm, new long[tm.length], am);
  }

  /** One sample a minute, the TaskManager's RSS, of it RocksDB's memory in use, and the AM's RSS, in MB. */
  private static List<SoakTest.Sample> samples(long[] tm, long[] rocksDb, long[] am) {
    List<SoakTest.Sample> samples = new ArrayList<>();
    for (int i = 0; i < tm.length; i++) {
      samples.add(new SoakTest.Sample(i + 1, i + 1, 4000, 60, 0, 100, 200, 1024,
          Map.of(TM.containerId(), tm[i] * MB, AM.containerId(), am[i] * MB), Map.of(TM.containerId(), rocksDb[i] * MB),
          Map.of(TM.containerId(), 230 * MB), Map.of(), am[i] * MB));
    }
    return samples;
  }

  @Test
  void flatMemoryAfterTheWarmUpPasses() {
    List<SoakTest.Sample> s = samples(new long[] {300, 500, 600, 602, 598, 610, 605, 612, 608},
        new long[] {200, 250, 260, 261, 259, 262, 260, 263, 262});
    assertEquals(List.of(), SoakTest.memoryProblems(s, Map.of(TM.containerId(), TM, AM.containerId(), AM), 2, 60));
  }

  @Test
  void rssThatKeepsGrowingFailsNamingTheContainer() {
    List<SoakTest.Sample> s = samples(new long[] {300, 500, 600, 620, 640, 660, 680, 700, 720},
        new long[] {200, 250, 260, 261, 259, 262, 260, 263, 262});
    List<String> problems = SoakTest.memoryProblems(s, Map.of(TM.containerId(), TM, AM.containerId(), AM), 2, 60);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(TM.containerId() + "'s RSS grew from 610 MB to 710 MB"), problems.get(0));
  }

  @Test
  void growthOfRocksDbsMemoryIsGrowthLikeAnyOther() {
    long[] rss = {300, 500, 600, 620, 640, 660, 680, 700, 720};
    long[] am = {200, 250, 260, 261, 259, 262, 260, 263, 262};
    Map<String, ContainerProcesses.Jvm> containers = Map.of(TM.containerId(), TM, AM.containerId(), AM);
    // The same RSS, first all of its growth RocksDB's cache filling, then none of it: the raw RSS
    // is judged either way; RSS less RocksDB's memory is only reported.
    List<SoakTest.Sample> cache = samples(rss, new long[] {10, 30, 40, 60, 80, 100, 120, 140, 160}, am);
    List<String> problems = SoakTest.memoryProblems(cache, containers, 2, 60);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("grew from 610 MB to 710 MB"), problems.get(0));
    String growth = SoakTest.growth(cache, containers, 2, 60);
    assertTrue(growth.contains(TM.containerId() + ": RSS 610 -> 710 MB (+16.4%); less RocksDB's memory in use 560 -> 560"
        + " MB (+0.0%)"), growth);
    List<SoakTest.Sample> leak = samples(rss, new long[] {10, 30, 40, 40, 40, 40, 40, 40, 40}, am);
    problems = SoakTest.memoryProblems(leak, containers, 2, 60);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("grew from 610 MB to 710 MB"), problems.get(0));
  }

  @Test
  void samplesDueWithinTheWarmUpAreNotJudged() {
    // Growth until the sample due at minute 2 (the warm-up's end), flat after it.
    List<SoakTest.Sample> s = samples(new long[] {300, 400, 600, 602, 598, 610, 605, 612, 608},
        new long[] {100, 200, 260, 261, 259, 262, 260, 263, 262});
    Map<String, ContainerProcesses.Jvm> containers = Map.of(TM.containerId(), TM, AM.containerId(), AM);
    assertEquals(List.of(), SoakTest.memoryProblems(s, containers, 2, 60));
    List<String> problems = SoakTest.memoryProblems(s, containers, 1, 60);
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void aTaskManagerOverNinetyPercentOfItsContainerFails() {
    List<SoakTest.Sample> s = samples(new long[] {900, 930, 930, 930, 930, 930}, new long[] {200, 200, 200, 200,
        200, 200});
    List<String> problems = SoakTest.memoryProblems(s, Map.of(TM.containerId(), TM, AM.containerId(), AM), 1, 60);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("used 930 MB at minute 2.0, over 90% of its 1024 MB"), problems.get(0));
  }

  @Test
  void theApplicationMasterOverNinetyPercentOfItsContainerFails() {
    List<SoakTest.Sample> s = samples(new long[] {600, 600, 600, 600, 600, 600}, new long[] {690, 700, 700, 700,
        700, 700});
    List<String> problems = SoakTest.memoryProblems(s, Map.of(TM.containerId(), TM, AM.containerId(), AM), 1, 60);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).equals(AM.containerId() + " used 700 MB at minute 2.0, over 90% of its 768 MB"),
        problems.get(0));
  }
}
