package io.weft.core.plan;

import io.weft.api.environment.StreamEnvironment;

/**
 * A user program for {@link JobGraphTest}: the test also loads this class a second time in a fresh
 * class loader, as another JVM would run the same main(), so its lambdas get new runtime classes.
 */
public final class FingerprintPlans {
  private FingerprintPlans() {}

  public static String fingerprint() {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    env.fromSequence(1, 100)
        .map(x -> x + 1).name("m")
        .filter(x -> x % 2 == 0)
        .keyBy(x -> x % 7)
        .reduce(Long::sum)
        .print();
    return env.buildJobGraph("program").fingerprint();
  }
}
