package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;

/** A job whose function captures an object that cannot be serialized. Argument: {@code <output directory>}. */
public final class UnshippableJob {
  private UnshippableJob() {}

  public static void main(String[] args) throws Exception {
    Object lock = new Object();
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 8)
        .map(i -> {
          synchronized (lock) {
            return i * 2;
          }
        }).returns(Long.class).name("locked")
        .writeAsText(args[0]);
    env.execute("Unshippable");
  }
}
