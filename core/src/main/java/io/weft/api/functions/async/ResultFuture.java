package io.weft.api.functions.async;

import java.util.Collection;

/**
 * Where an {@link AsyncFunction} puts the result for one input: complete it once, from any thread.
 * The operator picks the result up on its task's own thread; completing it a second time fails the
 * task, naming the operator.
 */
public interface ResultFuture<OUT> {
  /** The results for the input (none, one or more records, emitted with the input's timestamp). */
  void complete(Collection<OUT> result);

  /** The call failed: the task fails with {@code error}, unless a retry strategy retries on it. */
  void completeExceptionally(Throwable error);
}
