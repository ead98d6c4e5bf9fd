package io.weft.api.functions.async;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Retry strategies for {@code AsyncDataStream.orderedWaitWithRetry/unorderedWaitWithRetry}, as in
 * Flink: a fixed delay or an exponential backoff, retrying on a result predicate, an exception
 * predicate or both. {@code maxAttempts} counts the retries after the first call; when they are
 * used up the last attempt's outcome stands.
 */
public final class AsyncRetryStrategies {
  private AsyncRetryStrategies() {}

  /** Never retries. */
  @SuppressWarnings("rawtypes")
  public static final AsyncRetryStrategy NO_RETRY_STRATEGY = new Strategy<>(0, 0, 0, 1, null, null);

  /** Retries after a fixed delay. */
  public static final class FixedDelayRetryStrategyBuilder<OUT> {
    private final int maxAttempts;
    private final long backoffTimeMillis;
    private RetryPredicate<Collection<OUT>> resultPredicate;
    private RetryPredicate<Throwable> exceptionPredicate;

    public FixedDelayRetryStrategyBuilder(int maxAttempts, long backoffTimeMillis) {
      checkArguments(maxAttempts, backoffTimeMillis);
      this.maxAttempts = maxAttempts;
      this.backoffTimeMillis = backoffTimeMillis;
    }

    public FixedDelayRetryStrategyBuilder<OUT> ifResult(RetryPredicate<Collection<OUT>> predicate) {
      this.resultPredicate = predicate;
      return this;
    }

    public FixedDelayRetryStrategyBuilder<OUT> ifException(RetryPredicate<Throwable> predicate) {
      this.exceptionPredicate = predicate;
      return this;
    }

    public AsyncRetryStrategy<OUT> build() {
      return new Strategy<>(maxAttempts, backoffTimeMillis, backoffTimeMillis, 1, resultPredicate, exceptionPredicate);
    }
  }

  /** Retries after a delay that grows by {@code multiplier} per attempt, from {@code initialDelay} up to {@code maxRetryDelay}. */
  public static final class ExponentialBackoffDelayRetryStrategyBuilder<OUT> {
    private final int maxAttempts;
    private final long initialDelay;
    private final long maxRetryDelay;
    private final double multiplier;
    private RetryPredicate<Collection<OUT>> resultPredicate;
    private RetryPredicate<Throwable> exceptionPredicate;

    public ExponentialBackoffDelayRetryStrategyBuilder(int maxAttempts, long initialDelay, long maxRetryDelay,
        double multiplier) {
      checkArguments(maxAttempts, initialDelay);
      if (maxRetryDelay < initialDelay) {
        throw new IllegalArgumentException("maxRetryDelay (" + maxRetryDelay + " ms) must not be below initialDelay ("
            + initialDelay + " ms)");
      }
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1.0, got " + multiplier);
      }
      this.maxAttempts = maxAttempts;
      this.initialDelay = initialDelay;
      this.maxRetryDelay = maxRetryDelay;
      this.multiplier = multiplier;
    }

    public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifResult(RetryPredicate<Collection<OUT>> predicate) {
      this.resultPredicate = predicate;
      return this;
    }

    public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifException(RetryPredicate<Throwable> predicate) {
      this.exceptionPredicate = predicate;
      return this;
    }

    public AsyncRetryStrategy<OUT> build() {
      return new Strategy<>(maxAttempts, initialDelay, maxRetryDelay, multiplier, resultPredicate, exceptionPredicate);
    }
  }

  private static void checkArguments(int maxAttempts, long delay) {
    if (maxAttempts <= 0) {
      throw new IllegalArgumentException("maxAttempts must be positive, got " + maxAttempts);
    }
    if (delay < 0) {
      throw new IllegalArgumentException("the retry delay must not be negative, got " + delay + " ms");
    }
  }

  /** Both builders' strategy: a fixed delay is a backoff with multiplier 1. Stateless, so one object serves every input. */
  private record Strategy<OUT>(int maxAttempts, long initialDelay, long maxRetryDelay, double multiplier,
      RetryPredicate<Collection<OUT>> results, RetryPredicate<Throwable> exceptions)
      implements AsyncRetryStrategy<OUT>, AsyncRetryPredicate<OUT> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean canRetry(int currentAttempts) {
      return currentAttempts <= maxAttempts;
    }

    @Override
    public long getBackoffTimeMillis(int currentAttempts) {
      double delay = initialDelay * Math.pow(multiplier, Math.max(0, currentAttempts - 1));
      return (long) Math.min(delay, (double) maxRetryDelay);
    }

    @Override
    public AsyncRetryPredicate<OUT> getRetryPredicate() {
      return this;
    }

    @Override
    public Optional<Predicate<Collection<OUT>>> resultPredicate() {
      return Optional.ofNullable(results);
    }

    @Override
    public Optional<Predicate<Throwable>> exceptionPredicate() {
      return Optional.ofNullable(exceptions);
    }
  }
}
