package io.weft.state.keyed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.api.functions.AggregateFunction;
import io.weft.api.state.AggregatingState;
import io.weft.api.state.AggregatingStateDescriptor;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.api.state.MapState;
import io.weft.api.state.MapStateDescriptor;
import io.weft.api.state.ReducingState;
import io.weft.api.state.ReducingStateDescriptor;
import io.weft.api.state.StateTtlConfig;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.api.windowing.windows.TimeWindow;
import io.weft.api.windowing.windows.TimeWindowSerializer;
import io.weft.core.plan.KeyGroups;
import io.weft.core.types.TypeSerializer;
import io.weft.core.types.Types;
import io.weft.state.snapshot.AsyncSnapshot;
import io.weft.state.snapshot.CheckpointStorage;
import io.weft.state.snapshot.CorruptStateException;
import io.weft.state.snapshot.KeyGroupRange;
import io.weft.state.snapshot.KeyedStateHandle;
import io.weft.state.snapshot.SnapshotKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every keyed state backend shares: each state kind, namespaces, TTL, snapshot and
 * restore (also at other parallelisms), consistency of the asynchronous part, damaged files. A
 * backend's test extends this and says how to make one.
 */
public abstract class KeyedStateBackendTestBase {
  protected static final int MAX_P = 16;
  protected static final TypeSerializer<String> KEYS = Types.STRING.createSerializer();
  protected static final Configuration HADOOP = new Configuration();

  @TempDir
  protected Path tmp;
  protected CheckpointStorage storage;
  protected final ManualClock clock = new ManualClock(1_000_000);
  private final List<KeyedStateBackend<?>> opened = new ArrayList<>();
  private ExecutorService uploader;

  /** A backend for {@code range}; {@code localDir} is a fresh directory it may use. */
  protected abstract <K> KeyedStateBackend<K> create(KeyGroupRange range, int maxParallelism,
      TypeSerializer<K> keys, ManualClock clock, File localDir) throws Exception;

  @BeforeEach
  void setUpStorage() throws Exception {
    storage = new CheckpointStorage(FileSystem.getLocal(HADOOP), new org.apache.hadoop.fs.Path(
        tmp.resolve("checkpoints").toUri()));
    uploader = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void closeBackends() throws Exception {
    for (KeyedStateBackend<?> b : opened) {
      b.close();
    }
    uploader.shutdownNow();
    assertTrue(uploader.awaitTermination(10, TimeUnit.SECONDS));
  }

  protected <K> KeyedStateBackend<K> backend(KeyGroupRange range, TypeSerializer<K> keys) throws Exception {
    File dir = Files.createTempDirectory(tmp, "local").toFile();
    KeyedStateBackend<K> b = create(range, MAX_P, keys, clock, dir);
    opened.add(b);
    return b;
  }

  protected KeyedStateBackend<String> backend() throws Exception {
    return backend(new KeyGroupRange(0, MAX_P - 1), KEYS);
  }

  protected KeyedStateBackend<String> restored(KeyGroupRange range, Collection<KeyedStateHandle> handles)
      throws Exception {
    KeyedStateBackend<String> b = backend(range, KEYS);
    b.restore(handles, HADOOP);
    return b;
  }

  /**
   * Whether this backend's checkpoints leave out expired TTL entries: full snapshots do; RocksDB's
   * incremental ones carry its files as they are (expired entries go when read).
   */
  protected boolean snapshotsDropExpiredEntries() {
    return true;
  }

  /** Takes a snapshot and uploads it on another thread, as the task runtime does. */
  protected KeyedStateHandle snapshot(KeyedStateBackend<?> b, long checkpointId) throws Exception {
    AsyncSnapshot<KeyedStateHandle> s = b.snapshot(checkpointId, storage, SnapshotKind.CHECKPOINT);
    return uploader.submit(s).get(30, TimeUnit.SECONDS);
  }

  /** The handle after a trip through its binary codec, as it would reach the JobManager. */
  protected static KeyedStateHandle viaCodec(KeyedStateHandle h) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    h.writeTo(new DataOutputStream(bytes));
    KeyedStateHandle read = KeyedStateHandle.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(h, read);
    return read;
  }

  protected static <T> List<T> list(Iterable<T> it) {
    List<T> l = new ArrayList<>();
    it.forEach(l::add);
    return l;
  }

  protected static ValueStateDescriptor<Long> valueDesc() {
    return new ValueStateDescriptor<>("value", Long.class);
  }

  protected static ListStateDescriptor<String> listDesc() {
    return new ListStateDescriptor<>("list", String.class);
  }

  protected static MapStateDescriptor<String, Integer> mapDesc() {
    return new MapStateDescriptor<>("map", String.class, Integer.class);
  }

  protected static ReducingStateDescriptor<Long> sumDesc() {
    return new ReducingStateDescriptor<>("sum", Long::sum, Long.class);
  }

  /** An average whose accumulator is changed in place, as AggregateFunctions often do. */
  public static final class Average implements AggregateFunction<Long, long[], Double> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] add(Long value, long[] acc) {
      acc[0] += value;
      acc[1]++;
      return acc;
    }

    @Override
    public Double getResult(long[] acc) {
      return (double) acc[0] / acc[1];
    }

    @Override
    public long[] merge(long[] a, long[] b) {
      return new long[] {a[0] + b[0], a[1] + b[1]};
    }
  }

  protected static AggregatingStateDescriptor<Long, long[], Double> avgDesc() {
    return new AggregatingStateDescriptor<>("avg", new Average(), long[].class);
  }

  // --- every kind of state ---

  @Test
  void everyKindOfStateIsPerKey() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> value = b.getValueState(valueDesc());
    ListState<String> listState = b.getListState(listDesc());
    MapState<String, Integer> map = b.getMapState(mapDesc());
    ReducingState<Long> sum = b.getReducingState(sumDesc());
    AggregatingState<Long, Double> avg = b.getAggregatingState(avgDesc());

    b.setCurrentKey("a");
    value.update(1L);
    listState.add("a1");
    listState.add("a2");
    map.put("x", 1);
    map.put("n", null);
    sum.add(5L);
    sum.add(6L);
    avg.add(2L);
    avg.add(4L);

    b.setCurrentKey("b");
    assertNull(value.value());
    assertEquals(List.of(), list(listState.get()));
    assertTrue(map.isEmpty());
    assertNull(sum.get());
    assertNull(avg.get());
    value.update(2L);
    listState.update(List.of("b1"));
    map.putAll(Map.of("y", 2, "z", 3));
    sum.add(100L);
    avg.add(10L);

    b.setCurrentKey("a");
    assertEquals(1L, value.value());
    assertEquals(List.of("a1", "a2"), list(listState.get()));
    assertEquals(1, map.get("x"));
    assertTrue(map.contains("n"));
    assertNull(map.get("n"));
    assertFalse(map.contains("y"));
    assertEquals(11L, sum.get());
    assertEquals(3.0, avg.get());

    value.clear();
    listState.clear();
    map.remove("x");
    map.remove("n");
    sum.clear();
    avg.clear();
    assertNull(value.value());
    assertEquals(List.of(), list(listState.get()));
    assertTrue(map.isEmpty());
    assertNull(sum.get());
    assertNull(avg.get());

    b.setCurrentKey("b");
    assertEquals(2L, value.value());
    assertEquals(List.of("b1"), list(listState.get()));
    assertEquals(Map.of("y", 2, "z", 3), toMap(map));
    assertEquals(List.of("y", "z"), sorted(list(map.keys())));
    assertEquals(List.of(2, 3), sorted(list(map.values())));
    assertEquals(100L, sum.get());
    assertEquals(10.0, avg.get());
    assertEquals(1, b.numEntries("value"));
    assertEquals(1, b.numEntries("map"));
    assertEquals(0, b.numEntries("never"));
  }

  @Test
  void keysListsEveryKeyWithAnEntryOnce() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> value = b.getValueState(new ValueStateDescriptor<>("value", Long.class));
    MapState<String, Integer> map = b.getMapState(new MapStateDescriptor<>("map", String.class, Integer.class));
    for (String k : List.of("a", "b", "c")) {
      b.setCurrentKey(k);
      value.update(1L);
    }
    b.setCurrentKey("a");
    map.put("x", 1);
    map.put("y", 2);
    b.setCurrentKey("b");
    value.clear();
    assertEquals(List.of("a", "c"), sorted(b.keys("value")));
    assertEquals(List.of("a"), b.keys("map"), "a map's key once, however many entries it has");
    assertEquals(List.of(), b.keys("never"));
  }

  @Test
  void listUpdateAndAddAllFollowFlink() throws Exception {
    KeyedStateBackend<String> b = backend();
    ListState<String> l = b.getListState(listDesc());
    b.setCurrentKey("k");
    l.addAll(List.of("a", "b"));
    l.addAll(List.of());
    l.addAll(List.of("c"));
    assertEquals(List.of("a", "b", "c"), list(l.get()));
    l.update(List.of("z"));
    assertEquals(List.of("z"), list(l.get()));
    l.update(List.of());
    assertEquals(List.of(), list(l.get()));
    assertEquals(0, b.numEntries("list"));
    assertThrows(NullPointerException.class, () -> l.add(null));
  }

  @Test
  void namespacesAreSeparate() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> v = b.getValueState(TimeWindowSerializer.INSTANCE, valueDesc());
    b.setCurrentKey("k");
    b.setCurrentNamespace(new TimeWindow(0, 10));
    v.update(1L);
    b.setCurrentNamespace(new TimeWindow(10, 20));
    assertNull(v.value());
    v.update(2L);
    assertEquals(2, b.numEntries("value"));
    b.setCurrentNamespace(new TimeWindow(0, 10));
    assertEquals(1L, v.value());
    v.update(null);
    assertNull(v.value());
    assertEquals(1, b.numEntries("value"));
  }

  @Test
  void theSameNameGivesTheSameStateAndOneKindOnly() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> first = b.getValueState(valueDesc());
    assertTrue(first == b.getValueState(valueDesc()));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> b.getListState(new ListStateDescriptor<>("value", Long.class)));
    assertTrue(e.getMessage().contains("'value'"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> b.getValueState(TimeWindowSerializer.INSTANCE, valueDesc()));
  }

  @Test
  void stateNeedsACurrentKey() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueState<Long> v = b.getValueState(valueDesc());
    assertThrows(IllegalStateException.class, v::value);
  }

  @Test
  void aBackendRejectsKeysOfOtherKeyGroups() throws Exception {
    KeyGroupRange range = KeyGroupRange.forSubtask(0, 2, MAX_P);
    KeyedStateBackend<Integer> b = backend(range, Types.INT.createSerializer());
    ValueState<Long> v = b.getValueState(valueDesc());
    int foreign = 0;
    while (range.contains(KeyGroups.keyGroupFor(foreign, MAX_P))) {
      foreign++;
    }
    b.setCurrentKey(foreign);
    Exception e = assertThrows(Exception.class, () -> v.update(1L));
    assertTrue(e.getMessage().contains("key group"), e.getMessage());
  }

  // --- TTL ---

  private static StateTtlConfig ttl(long millis) {
    return StateTtlConfig.newBuilder(Duration.ofMillis(millis)).build();
  }

  @Test
  void ttlValueExpiresAfterItsLastWrite() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueStateDescriptor<Long> d = valueDesc();
    d.enableTimeToLive(ttl(100));
    ValueState<Long> v = b.getValueState(d);
    b.setCurrentKey("k");
    v.update(1L);
    clock.advance(60);
    assertEquals(1L, v.value()); // a read does not extend OnCreateAndWrite
    clock.advance(39);
    assertEquals(1L, v.value());
    clock.advance(1);
    assertNull(v.value());
    assertEquals(0, b.numEntries("value"), "an expired entry is dropped when accessed");
    v.update(2L);
    clock.advance(99);
    v.update(3L);
    clock.advance(99);
    assertEquals(3L, v.value(), "a write extends the TTL");
  }

  @Test
  void ttlOnReadAndWriteExtendsOnRead() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueStateDescriptor<Long> d = valueDesc();
    d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(100)).updateTtlOnReadAndWrite().build());
    ValueState<Long> v = b.getValueState(d);
    b.setCurrentKey("k");
    v.update(1L);
    for (int i = 0; i < 5; i++) {
      clock.advance(90);
      assertEquals(1L, v.value());
    }
    clock.advance(100);
    assertNull(v.value());
  }

  @Test
  void ttlReturnExpiredIfNotCleanedUpReturnsItOnce() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueStateDescriptor<Long> d = valueDesc();
    d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(100)).returnExpiredIfNotCleanedUp().build());
    ValueState<Long> v = b.getValueState(d);
    b.setCurrentKey("k");
    v.update(1L);
    clock.advance(500);
    assertEquals(1L, v.value());
    assertNull(v.value());
  }

  @Test
  void ttlListExpiresPerElement() throws Exception {
    KeyedStateBackend<String> b = backend();
    ListStateDescriptor<String> d = listDesc();
    d.enableTimeToLive(ttl(100));
    ListState<String> l = b.getListState(d);
    b.setCurrentKey("k");
    l.add("old");
    clock.advance(50);
    l.addAll(List.of("new1", "new2"));
    clock.advance(50);
    assertEquals(List.of("new1", "new2"), list(l.get()));
    clock.advance(50);
    assertEquals(List.of(), list(l.get()));
    assertEquals(0, b.numEntries("list"));
  }

  @Test
  void ttlMapExpiresPerEntry() throws Exception {
    KeyedStateBackend<String> b = backend();
    MapStateDescriptor<String, Integer> d = mapDesc();
    d.enableTimeToLive(ttl(100));
    MapState<String, Integer> m = b.getMapState(d);
    b.setCurrentKey("k");
    m.put("a", 1);
    clock.advance(50);
    m.put("b", 2);
    m.put("n", null);
    clock.advance(50);
    assertNull(m.get("a"));
    assertFalse(m.contains("a"));
    assertEquals(2, m.get("b"));
    assertTrue(m.contains("n"));
    assertEquals(Map.of("b", 2), toMap(m, "n"));
    clock.advance(50);
    assertTrue(m.isEmpty());
    assertEquals(0, b.numEntries("map"));
  }

  @Test
  void ttlReducingAndAggregatingStartOverWhenExpired() throws Exception {
    KeyedStateBackend<String> b = backend();
    ReducingStateDescriptor<Long> rd = sumDesc();
    rd.enableTimeToLive(ttl(100));
    AggregatingStateDescriptor<Long, long[], Double> ad = avgDesc();
    ad.enableTimeToLive(ttl(100));
    ReducingState<Long> sum = b.getReducingState(rd);
    AggregatingState<Long, Double> avg = b.getAggregatingState(ad);
    b.setCurrentKey("k");
    sum.add(1L);
    avg.add(10L);
    clock.advance(99);
    sum.add(2L);
    avg.add(20L);
    clock.advance(99);
    assertEquals(3L, sum.get());
    assertEquals(15.0, avg.get());
    clock.advance(1);
    sum.add(7L);
    avg.add(7L);
    assertEquals(7L, sum.get());
    assertEquals(7.0, avg.get());
  }

  @Test
  void snapshotsLeaveOutExpiredEntries() throws Exception {
    KeyedStateBackend<String> b = backend();
    ValueStateDescriptor<Long> vd = valueDesc();
    vd.enableTimeToLive(ttl(100));
    ListStateDescriptor<String> ld = listDesc();
    ld.enableTimeToLive(ttl(100));
    MapStateDescriptor<String, Integer> md = mapDesc();
    md.enableTimeToLive(ttl(100));
    ValueState<Long> v = b.getValueState(vd);
    ListState<String> l = b.getListState(ld);
    MapState<String, Integer> m = b.getMapState(md);
    b.setCurrentKey("old");
    v.update(1L);
    l.add("old");
    m.put("old", 1);
    clock.advance(60);
    b.setCurrentKey("new");
    v.update(2L);
    l.add("new");
    m.put("new", 2);
    b.setCurrentKey("old");
    l.add("fresh");
    m.put("fresh", 3);
    clock.advance(50); // the first writes have expired, nothing read them
    KeyedStateHandle h = snapshot(b, 1);

    ManualClock restoreClock = clock; // same clock: restored entries keep their timestamps
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(h));
    assertEquals(restoreClock, clock);
    ValueState<Long> rv = r.getValueState(vd);
    ListState<String> rl = r.getListState(ld);
    MapState<String, Integer> rm = r.getMapState(md);
    if (snapshotsDropExpiredEntries()) {
      assertEquals(1, r.numEntries("value"), "the expired value is not in the snapshot");
    }
    r.setCurrentKey("old");
    assertEquals(List.of("fresh"), list(rl.get()));
    assertEquals(Map.of("fresh", 3), toMap(rm));
    r.setCurrentKey("new");
    assertEquals(2L, rv.value());
    clock.advance(50);
    assertNull(rv.value(), "timestamps survive the restore");
  }

  // --- snapshot and restore ---

  /** Fills every kind of state for keys 0..n-1 with values derived from the key. */
  protected static void fill(KeyedStateBackend<String> b, int n) throws Exception {
    ValueState<Long> value = b.getValueState(valueDesc());
    ListState<String> l = b.getListState(listDesc());
    MapState<String, Integer> m = b.getMapState(mapDesc());
    ReducingState<Long> sum = b.getReducingState(sumDesc());
    AggregatingState<Long, Double> avg = b.getAggregatingState(avgDesc());
    ValueState<Long> windowed = b.getValueState(TimeWindowSerializer.INSTANCE,
        new ValueStateDescriptor<>("windowed", Long.class));
    for (int i = 0; i < n; i++) {
      String key = "key-" + i;
      if (!b.keyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX_P))) {
        continue;
      }
      b.setCurrentKey(key);
      value.update((long) i);
      l.add("a" + i);
      l.add("b" + i);
      m.put("x", i);
      m.put("y", -i);
      sum.add((long) i);
      sum.add(1L);
      avg.add((long) i);
      avg.add((long) i + 2);
      b.setCurrentNamespace(new TimeWindow(i, i + 10));
      windowed.update((long) i * 10);
      b.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    }
  }

  /** Checks that {@code b} holds exactly what {@link #fill} wrote for the keys of its range. */
  protected static void check(KeyedStateBackend<String> b, int n) throws Exception {
    ValueState<Long> value = b.getValueState(valueDesc());
    ListState<String> l = b.getListState(listDesc());
    MapState<String, Integer> m = b.getMapState(mapDesc());
    ReducingState<Long> sum = b.getReducingState(sumDesc());
    AggregatingState<Long, Double> avg = b.getAggregatingState(avgDesc());
    ValueState<Long> windowed = b.getValueState(TimeWindowSerializer.INSTANCE,
        new ValueStateDescriptor<>("windowed", Long.class));
    int owned = 0;
    for (int i = 0; i < n; i++) {
      String key = "key-" + i;
      if (!b.keyGroupRange().contains(KeyGroups.keyGroupFor(key, MAX_P))) {
        continue;
      }
      owned++;
      b.setCurrentKey(key);
      assertEquals((long) i, value.value(), key);
      assertEquals(List.of("a" + i, "b" + i), list(l.get()), key);
      assertEquals(Map.of("x", i, "y", -i), toMap(m), key);
      assertEquals(i + 1L, sum.get(), key);
      assertEquals(i + 1.0, avg.get(), key);
      b.setCurrentNamespace(new TimeWindow(i, i + 10));
      assertEquals((long) i * 10, windowed.value(), key);
      b.setCurrentNamespace(new TimeWindow(i, i + 11));
      assertNull(windowed.value(), key);
      b.setCurrentNamespace(KeyedStateBackend.DEFAULT_NAMESPACE);
    }
    assertEquals(owned, b.numEntries("value"));
    assertEquals(owned, b.numEntries("windowed"));
    assertEquals(owned, b.numEntries("list"));
  }

  @Test
  void snapshotAndRestoreEveryKindOfState() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 200);
    KeyedStateHandle h = viaCodec(snapshot(b, 1));
    assertEquals(new KeyGroupRange(0, MAX_P - 1), h.keyGroupRange());
    assertTrue(h.stateSize() > 0);

    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(h));
    check(r, 200);
  }

  @Test
  void restoredStateThatIsNotRegisteredSurvivesTheNextSnapshot() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 50);
    KeyedStateHandle first = snapshot(b, 1);
    KeyedStateBackend<String> r1 = restored(new KeyGroupRange(0, MAX_P - 1), List.of(first));
    r1.getValueState(valueDesc()); // only one state registered; the rest stays as it was restored
    KeyedStateHandle second = snapshot(r1, 2);
    KeyedStateBackend<String> r2 = restored(new KeyGroupRange(0, MAX_P - 1), List.of(second));
    check(r2, 50);
  }

  @Test
  void rescaleFromTwoToThree() throws Exception {
    rescale(2, 3);
  }

  @Test
  void rescaleFromThreeToTwo() throws Exception {
    rescale(3, 2);
  }

  private void rescale(int from, int to) throws Exception {
    int n = 300;
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (int s = 0; s < from; s++) {
      KeyedStateBackend<String> b = backend(KeyGroupRange.forSubtask(s, from, MAX_P), KEYS);
      fill(b, n);
      handles.add(viaCodec(snapshot(b, 1)));
    }
    int total = 0;
    for (int s = 0; s < to; s++) {
      KeyGroupRange range = KeyGroupRange.forSubtask(s, to, MAX_P);
      List<KeyedStateHandle> overlapping = new ArrayList<>();
      for (KeyedStateHandle h : handles) {
        if (!h.keyGroupRange().intersect(range).isEmpty()) {
          overlapping.add(h);
        }
      }
      KeyedStateBackend<String> r = restored(range, handles); // non-overlapping ones are ignored
      check(r, n);
      total += r.numEntries("value");
      assertFalse(overlapping.isEmpty());
    }
    assertEquals(n, total, "every key is restored exactly once");
  }

  @Test
  void theUploadSeesTheStateOfTheSynchronousPart() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 100);
    AsyncSnapshot<KeyedStateHandle> s = b.snapshot(1, storage, SnapshotKind.CHECKPOINT);

    // Change everything in every way before the upload runs.
    ValueState<Long> value = b.getValueState(valueDesc());
    ListState<String> l = b.getListState(listDesc());
    MapState<String, Integer> m = b.getMapState(mapDesc());
    ReducingState<Long> sum = b.getReducingState(sumDesc());
    AggregatingState<Long, Double> avg = b.getAggregatingState(avgDesc());
    for (int i = 0; i < 100; i++) {
      b.setCurrentKey("key-" + i);
      value.update(-1L);
      l.add("later");
      m.put("x", 1000);
      m.remove("y");
      sum.add(1000L);
      avg.add(1000L);
    }
    b.setCurrentKey("key-0");
    value.clear();
    b.setCurrentKey("new-key");
    value.update(5L);

    KeyedStateHandle h = uploader.submit(s).get(30, TimeUnit.SECONDS);
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(h));
    check(r, 100);
    r.setCurrentKey("new-key");
    assertNull(r.getValueState(valueDesc()).value());

    // And the live backend kept its changes.
    b.setCurrentKey("key-1");
    assertEquals(-1L, value.value());
    assertEquals(List.of("a1", "b1", "later"), list(l.get()));
    assertEquals(Map.of("x", 1000), toMap(m));
    assertEquals(1002L, sum.get());
  }

  @Test
  void restoreRejectsAStateDeclaredDifferently() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 20);
    KeyedStateHandle h = snapshot(b, 1);
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), List.of(h));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> r.getValueState(new ValueStateDescriptor<>("value", String.class)));
    assertTrue(e.getMessage().contains("'value'") && e.getMessage().contains("String"), e.getMessage());
    ValueStateDescriptor<Long> withTtl = new ValueStateDescriptor<>("windowed", Long.class);
    withTtl.enableTimeToLive(ttl(10));
    assertThrows(IllegalStateException.class, () -> r.getValueState(TimeWindowSerializer.INSTANCE, withTtl));
  }

  @Test
  void aSnapshotOfNothingHasNoHandle() throws Exception {
    KeyedStateBackend<String> b = backend();
    assertNull(snapshot(b, 1));
  }

  @Test
  void aDamagedSnapshotFileFailsTheRestoreNamingFileAndOffset() throws Exception {
    KeyedStateBackend<String> b = backend();
    fill(b, 200);
    KeyedStateHandle h = snapshot(b, 1);
    Path file = Path.of(java.net.URI.create(damageTarget(h)));
    byte[] original = Files.readAllBytes(file);

    // A flipped byte in the middle.
    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x5A;
    writeRaw(file, flipped);
    CorruptStateException e = assertThrows(CorruptStateException.class,
        () -> restoredAndRead(List.of(h)));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
    assertTrue(e.offset() > 0 && e.offset() <= original.length, e.getMessage());

    // Cut off.
    writeRaw(file, java.util.Arrays.copyOf(original, original.length * 2 / 3));
    e = assertThrows(CorruptStateException.class, () -> restoredAndRead(List.of(h)));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }

  /** The file of a handle that a test damages. */
  protected String damageTarget(KeyedStateHandle h) {
    return h.privateFiles().get(0);
  }

  private void restoredAndRead(List<KeyedStateHandle> handles) throws Exception {
    KeyedStateBackend<String> r = restored(new KeyGroupRange(0, MAX_P - 1), handles);
    check(r, 200);
  }

  /** Overwrites a file and removes Hadoop's checksum file, so that our own checks must find the damage. */
  protected static void writeRaw(Path file, byte[] bytes) throws Exception {
    Files.write(file, bytes);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  protected static <K, V> Map<K, V> toMap(MapState<K, V> m, Object... skip) throws Exception {
    Map<K, V> result = new HashMap<>();
    for (Map.Entry<K, V> e : m.entries()) {
      if (!List.of(skip).contains(e.getKey())) {
        result.put(e.getKey(), e.getValue());
      }
    }
    return result;
  }

  protected static <T extends Comparable<T>> List<T> sorted(List<T> l) {
    List<T> s = new ArrayList<>(l);
    java.util.Collections.sort(s);
    return s;
  }

  protected static void assertHandleFilesExist(KeyedStateHandle h) {
    for (String f : h.privateFiles()) {
      assertTrue(new File(java.net.URI.create(f)).exists(), f);
    }
    for (String f : h.sharedFiles()) {
      assertTrue(new File(java.net.URI.create(f)).exists(), f);
    }
    assertNotNull(h.keyGroupRange());
  }
}
