package io.weft.api.functions.async;

import java.io.Serializable;
import java.util.function.Predicate;

/**
 * A predicate that travels with the plan (it is serializable), so a lambda given to a retry
 * strategy builder can be shipped to every subtask.
 */
@FunctionalInterface
public interface RetryPredicate<T> extends Predicate<T>, Serializable {}
