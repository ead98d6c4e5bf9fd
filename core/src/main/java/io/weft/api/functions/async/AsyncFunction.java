package io.weft.api.functions.async;

import io.weft.api.functions.Function;
import java.util.concurrent.TimeoutException;

/**
 * A function that starts a request per input and completes its {@link ResultFuture} later, from
 * any thread, so that the task goes on with the next inputs meanwhile. Used through
 * {@code AsyncDataStream.orderedWait/unorderedWait}.
 */
public interface AsyncFunction<IN, OUT> extends Function {
  /** Starts the work for {@code input}; must not block. */
  void asyncInvoke(IN input, ResultFuture<OUT> resultFuture) throws Exception;

  /**
   * The input's request did not complete within the operator's timeout. By default the task fails
   * with a {@link TimeoutException}; override to complete {@code resultFuture} with a fallback.
   */
  default void timeout(IN input, ResultFuture<OUT> resultFuture) throws Exception {
    resultFuture.completeExceptionally(new TimeoutException("Async function call has timed out."));
  }
}
