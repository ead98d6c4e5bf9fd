package io.weft.examples.nexmark;

import java.io.Serializable;

/**
 * A new person registering with the auction site (Nexmark's "Person"). Times are epoch
 * milliseconds: Weft's type system writes longs, not {@code java.time.Instant}.
 */
public record Person(long id, String name, String emailAddress, String creditCard, String city, String state,
    long dateTime, String extra) implements Serializable {}
