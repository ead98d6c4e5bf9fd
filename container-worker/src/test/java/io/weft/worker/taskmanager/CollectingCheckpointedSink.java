package io.weft.worker.taskmanager;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.sink.Sink;
import io.weft.api.sink.SinkWriter;
import io.weft.api.state.CheckpointedFunction;
import io.weft.api.state.FunctionInitializationContext;
import io.weft.api.state.FunctionSnapshotContext;
import io.weft.api.state.ListState;
import io.weft.api.state.ListStateDescriptor;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An exactly-once sink for tests, built on {@link CheckpointedFunction}: what it received is kept
 * in operator (even-split) list state, so after a restore it holds exactly what reached it before
 * the checkpoint's barrier, plus what the restored job sends. At the end of the input it publishes
 * its list under its name. {@link #received} counts every element ever written, across attempts.
 */
final class CollectingCheckpointedSink<T> implements Sink<T>, CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> RESULTS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> RESTORED = new ConcurrentHashMap<>();

  /** Types are not serializable, and the sink is copied to its subtasks: they look theirs up by name. */
  private static final Map<String, TypeInfo<?>> TYPES = new ConcurrentHashMap<>();

  private final String name;
  private transient List<T> buffer;
  private transient ListState<T> state;

  CollectingCheckpointedSink(String name, TypeInfo<T> type) {
    this.name = name;
    TYPES.put(name, type);
    RESULTS.remove(name);
    RECEIVED.put(name, new AtomicInteger());
    RESTORED.put(name, new AtomicInteger());
  }

  /** How many elements the subtasks got back from their restored state. */
  int restored() {
    return RESTORED.get(name).get();
  }

  /** What every subtask held at the end of the input. */
  @SuppressWarnings("unchecked")
  List<T> results() {
    return (List<T>) RESULTS.getOrDefault(name, List.of());
  }

  /** Drops what a finished run published, before another run of the job. */
  void forgetResults() {
    RESULTS.remove(name);
  }

  int received() {
    return RECEIVED.get(name).get();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void initializeState(FunctionInitializationContext context) throws Exception {
    TypeInfo<T> type = (TypeInfo<T>) TYPES.get(name);
    state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("received", type));
    buffer = new ArrayList<>();
    if (context.isRestored()) {
      state.get().forEach(buffer::add);
      RESTORED.get(name).addAndGet(buffer.size());
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    state.update(buffer);
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) {
    return new SinkWriter<>() {
      @Override
      public void write(T value, Long timestamp) {
        buffer.add(value);
        RECEIVED.get(name).incrementAndGet();
      }

      @Override
      public void finish() {
        RESULTS.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>())).addAll(buffer);
      }
    };
  }
}
