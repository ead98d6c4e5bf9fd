package io.weft.api.functions.async;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** When an attempt's outcome asks for another attempt: on its result, on its exception, or both. */
public interface AsyncRetryPredicate<OUT> {
  /** True for results that should be retried (while the strategy allows another attempt). */
  Optional<Predicate<Collection<OUT>>> resultPredicate();

  /** True for exceptions that should be retried (while the strategy allows another attempt). */
  Optional<Predicate<Throwable>> exceptionPredicate();
}
