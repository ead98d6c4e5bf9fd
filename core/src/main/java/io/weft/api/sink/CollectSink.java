package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers a stream's elements in this JVM, for executeAndCollect() and tests. Every subtask's
 * writer is a copy of the sink, so the elements meet in a shared bucket named by the sink's id.
 * Works only when the job runs in this JVM.
 */
public final class CollectSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> BUCKETS = new ConcurrentHashMap<>();
  private final String id = UUID.randomUUID().toString();

  public CollectSink() {
    BUCKETS.put(id, Collections.synchronizedList(new ArrayList<>()));
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) {
    List<Object> bucket = BUCKETS.get(id);
    if (bucket == null) {
      throw new IllegalStateException("CollectSink works only when the job runs in the JVM that built it");
    }
    return (value, timestamp) -> bucket.add(value);
  }

  /** What all subtasks wrote so far, in no particular order across subtasks. */
  @SuppressWarnings("unchecked")
  public List<T> results() {
    List<Object> bucket = BUCKETS.getOrDefault(id, List.of());
    synchronized (bucket) {
      return (List<T>) new ArrayList<>(bucket);
    }
  }

  public void discard() {
    BUCKETS.remove(id);
  }
}
