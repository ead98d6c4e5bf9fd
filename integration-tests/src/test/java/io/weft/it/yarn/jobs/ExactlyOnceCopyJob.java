package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;

/**
 * Copies a file of numbers, one per line, through the exactly-once file sink, slowly enough for
 * checkpoints to happen, failing three times on the way ({@link FailThrice}).
 * Arguments: {@code <input file> <marker directory> <output directory>}.
 */
public final class ExactlyOnceCopyJob {
  private ExactlyOnceCopyJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.readTextFile(args[0])
        .map(Long::parseLong).returns(Long.class)
        .map(v -> {
          if (v % 20 == 0) {
            Thread.sleep(20); // about 1 ms a line: the copy takes seconds, and checkpoints come in between
          }
          return v;
        }).returns(Long.class).name("Slowly")
        .map(new FailThrice(args[1])).returns(Long.class).name("FailThrice")
        .writeAsTextExactlyOnce(args[2]);
    env.execute("Exactly-once copy");
  }
}
