package io.weft.launcher.testjob;

import io.weft.api.environment.StreamEnvironment;

/** A tiny program that the CLI tests pack into a jar: doubles 1..100 and writes them to args[0]. */
public class TinyJob {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: TinyJob <output directory>");
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 100).map(x -> x * 2).writeAsText(args[0]);
    env.execute("tiny");
  }
}
