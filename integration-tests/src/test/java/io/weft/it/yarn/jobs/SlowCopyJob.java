package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;

/**
 * Copies a file of numbers, one per line, through the exactly-once file sink, sleeping
 * {@code <millis>} every 20 lines so that the copy lasts long enough for containers to be killed
 * in the middle of it. Arguments: {@code <input file> <output directory> <millis>}.
 */
public final class SlowCopyJob {
  private SlowCopyJob() {}

  public static void main(String[] args) throws Exception {
    long millis = Long.parseLong(args[2]);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.readTextFile(args[0])
        .map(Long::parseLong).returns(Long.class)
        .map(v -> {
          if (v % 20 == 0) {
            Thread.sleep(millis);
          }
          return v;
        }).returns(Long.class).name("Slowly")
        .writeAsTextExactlyOnce(args[1]);
    env.execute("Slow exactly-once copy");
  }
}
