package io.weft.api.functions.async;

import java.util.Collection;

/** Predicates most retry strategies need. */
public final class RetryPredicates {
  private RetryPredicates() {}

  /** Retries when the result is empty (null or no records). */
  @SuppressWarnings("rawtypes")
  public static final RetryPredicate<Collection> EMPTY_RESULT_PREDICATE = c -> c == null || c.isEmpty();

  /** Retries on any exception. */
  public static final RetryPredicate<Throwable> HAS_EXCEPTION_PREDICATE = t -> true;
}
