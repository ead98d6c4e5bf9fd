package io.weft.api.state;

import java.util.Set;

/**
 * Non-keyed state of one parallel instance of an operator: lists whose elements are redistributed
 * when the job is restored at a different parallelism.
 */
public interface OperatorStateStore {
  /**
   * A list whose elements are split evenly on restore: the elements of every old instance, in the
   * order of the old instances, are cut into contiguous runs, one per new instance.
   */
  <S> ListState<S> getListState(ListStateDescriptor<S> descriptor) throws Exception;

  /** A list that every instance gets in full on restore: the union of all old instances' lists. */
  <S> ListState<S> getUnionListState(ListStateDescriptor<S> descriptor) throws Exception;

  /** The names of the states registered so far. */
  Set<String> getRegisteredStateNames();
}
