package io.weft.state.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which elements of operator state each subtask of a new parallelism restores (the
 * JobManager's side; pure computation on handles, no I/O).
 *
 * <ul>
 *   <li>Even-split state: at the same parallelism every subtask keeps its own elements. At another
 *       parallelism the elements of all old subtasks, in subtask order, are cut into contiguous
 *       runs whose sizes differ by at most one, the larger ones first.
 *   <li>Union state: every new subtask gets every element of every old subtask.
 * </ul>
 */
public final class OperatorStateRedistributor {
  private OperatorStateRedistributor() {}

  /**
   * @param old the handle of each old subtask, by subtask index (null where a subtask had none)
   * @return for each new subtask, the handles it restores from (possibly none)
   */
  public static List<List<OperatorStateHandle>> redistribute(List<OperatorStateHandle> old, int newParallelism) {
    if (newParallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + newParallelism);
    }
    // Per new subtask and old file: the state elements it gets from that file.
    List<Map<String, Map<String, List<Long>>>> assigned = new ArrayList<>();
    for (int i = 0; i < newParallelism; i++) {
      assigned.add(new LinkedHashMap<>());
    }
    Map<String, OperatorStateHandle.StateInfo> infos = new LinkedHashMap<>();
    Map<String, List<Element>> splitElements = new LinkedHashMap<>();
    for (int s = 0; s < old.size(); s++) {
      OperatorStateHandle h = old.get(s);
      if (h == null) {
        continue;
      }
      for (Map.Entry<String, OperatorStateHandle.StateInfo> e : h.states().entrySet()) {
        String name = e.getKey();
        OperatorStateHandle.StateInfo info = e.getValue();
        OperatorStateHandle.StateInfo seen = infos.putIfAbsent(name, info);
        if (seen != null && (seen.mode() != info.mode() || !seen.valueType().equals(info.valueType()))) {
          throw new IllegalStateException("operator state '" + name + "' is " + seen.mode() + " of " + seen.valueType()
              + " in one subtask and " + info.mode() + " of " + info.valueType() + " in another");
        }
        if (info.mode() == OperatorStateHandle.Mode.UNION) {
          for (int n = 0; n < newParallelism; n++) {
            for (long o : info.offsets()) {
              add(assigned.get(n), h.path(), name, o);
            }
          }
        } else if (old.size() == newParallelism) {
          for (long o : info.offsets()) {
            add(assigned.get(s), h.path(), name, o);
          }
        } else {
          List<Element> all = splitElements.computeIfAbsent(name, k -> new ArrayList<>());
          for (long o : info.offsets()) {
            all.add(new Element(h.path(), o));
          }
        }
      }
    }
    for (Map.Entry<String, List<Element>> e : splitElements.entrySet()) {
      List<Element> all = e.getValue();
      int base = all.size() / newParallelism;
      int extra = all.size() % newParallelism;
      int next = 0;
      for (int n = 0; n < newParallelism; n++) {
        int count = base + (n < extra ? 1 : 0);
        for (int k = 0; k < count; k++) {
          Element el = all.get(next++);
          add(assigned.get(n), el.path, e.getKey(), el.offset);
        }
      }
    }
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (OperatorStateHandle h : old) {
      if (h != null) {
        sizes.put(h.path(), h.size());
      }
    }
    List<List<OperatorStateHandle>> result = new ArrayList<>();
    for (Map<String, Map<String, List<Long>>> byFile : assigned) {
      List<OperatorStateHandle> handles = new ArrayList<>();
      for (Map.Entry<String, Map<String, List<Long>>> f : byFile.entrySet()) {
        Map<String, OperatorStateHandle.StateInfo> states = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> st : f.getValue().entrySet()) {
          OperatorStateHandle.StateInfo info = infos.get(st.getKey());
          long[] offsets = st.getValue().stream().mapToLong(Long::longValue).toArray();
          states.put(st.getKey(), new OperatorStateHandle.StateInfo(info.mode(), info.valueType(), offsets));
        }
        handles.add(new OperatorStateHandle(f.getKey(), sizes.get(f.getKey()), states));
      }
      result.add(handles);
    }
    return result;
  }

  private record Element(String path, long offset) {}

  private static void add(Map<String, Map<String, List<Long>>> byFile, String path, String state, long offset) {
    byFile.computeIfAbsent(path, p -> new LinkedHashMap<>()).computeIfAbsent(state, s -> new ArrayList<>())
        .add(offset);
  }
}
