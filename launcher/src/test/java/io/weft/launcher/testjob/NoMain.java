package io.weft.launcher.testjob;

/** A class without a main(String[]), for the CLI's -c check. */
public class NoMain {
  public static void main() {}
}
