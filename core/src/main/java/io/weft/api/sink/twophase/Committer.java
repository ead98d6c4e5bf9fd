package io.weft.api.sink.twophase;

import java.util.Collection;

/**
 * The second phase of a {@link TwoPhaseCommittingSink}: makes committables visible once their
 * checkpoint completed. A commit may be replayed after a restore, for committables that were
 * committed already or whose writer is gone: it must be idempotent, and must work from what the
 * {@link CommittableSerializer} kept alone.
 */
public interface Committer<C> extends AutoCloseable {
  /**
   * Commits what was prepared for checkpoint {@code checkpointId} ({@link
   * TwoPhaseCommittingSink#END_OF_INPUT} for the end of the input).
   *
   * @param recovered whether these committables come from a restored checkpoint rather than from
   *     this subtask's running writer
   */
  void commit(long checkpointId, Collection<C> committables, boolean recovered) throws Exception;

  @Override
  default void close() throws Exception {}
}
