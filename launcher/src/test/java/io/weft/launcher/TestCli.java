package io.weft.launcher;

import io.weft.launcher.cli.CliEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in this JVM against a given root and environment, capturing what it prints. */
final class TestCli {
  final int exitCode;
  final String out;
  final String err;

  private TestCli(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** With no Hadoop configuration anywhere, so the default target is local. */
  static TestCli run(Path root, String... args) {
    return run(new CliEnvironment(root, Map.of()), args);
  }

  static TestCli run(CliEnvironment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = WeftCli.run(args, o, e, environment);
    }
    return new TestCli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
