package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded source over a fixed list. Elements are split by position between the subtasks
 * (element i goes to subtask i mod p), so the order is kept within a subtask. That is the split of
 * a {@link GeneratorSource} over the positions, whose reader this uses: so its position restores at
 * any parallelism too.
 */
public final class FromElementsSource<T> implements Source<T> {
  private static final long serialVersionUID = 1L;
  private final ArrayList<T> elements;

  public FromElementsSource(List<T> elements) {
    this.elements = new ArrayList<>(elements);
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<T> createReader(SubtaskInfo context) {
    ArrayList<T> all = elements;
    return new GeneratorSource<T>(i -> all.get((int) i), all.size()).createReader(context);
  }
}
