package io.weft.it.jobs;

/** A program for tests that only need a valid job jar. */
public final class NoopJob {
  private NoopJob() {}

  public static void main(String[] args) {}
}
