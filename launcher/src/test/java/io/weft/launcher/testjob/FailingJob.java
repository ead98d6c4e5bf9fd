package io.weft.launcher.testjob;

import java.io.FileNotFoundException;

/** A program whose main() throws, for the CLI's failure report. */
public class FailingJob {
  public static void main(String[] args) throws Exception {
    throw new IllegalStateException("cannot read the input",
        new RuntimeException("wrapped", new FileNotFoundException("/no/such/input")));
  }
}
