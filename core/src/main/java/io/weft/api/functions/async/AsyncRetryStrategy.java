package io.weft.api.functions.async;

import java.io.Serializable;

/**
 * How often and after what delay an async call is tried again. Build one with
 * {@link AsyncRetryStrategies}. Attempts are counted from 1 (the first call); the operator's timeout
 * covers all attempts of an input together.
 */
public interface AsyncRetryStrategy<OUT> extends Serializable {
  /** True if another attempt may follow attempt number {@code currentAttempts}. */
  boolean canRetry(int currentAttempts);

  /** The delay before the attempt after attempt number {@code currentAttempts}, in milliseconds. */
  long getBackoffTimeMillis(int currentAttempts);

  AsyncRetryPredicate<OUT> getRetryPredicate();
}
