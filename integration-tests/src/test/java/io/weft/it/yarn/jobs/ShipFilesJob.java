package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what {@code -yt greeting.txt -yt shipdir -yt extra.jar} shipped, in the TaskManager, and
 * writes one line to {@code args[0]}: the file and a nested file of the directory read from the
 * working directory, then a resource of the directory and one of the jar read from the classpath.
 * main() itself reads nothing: it also runs in the launcher and the ApplicationMaster.
 */
public final class ShipFilesJob {
  private ShipFilesJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSequence(1, 1)
        .map(new ReadShipped()).name("Read shipped files")
        .writeAsText(args[0]).name("Sink: shipped");
    env.execute("Ship files job");
  }

  /** Ignores its input and returns what the shipped files say. */
  public static final class ReadShipped implements MapFunction<Long, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(Long ignored) throws IOException {
      return String.join("|",
          Files.readString(Path.of("greeting.txt")).trim(),
          Files.readString(Path.of("shipdir", "sub", "nested.txt")).trim(),
          resource("dir-resource.txt"),
          resource("jar-resource.txt"));
    }

    private static String resource(String name) throws IOException {
      try (InputStream in = ReadShipped.class.getClassLoader().getResourceAsStream(name)) {
        return in == null ? "no " + name + " on the classpath" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    }
  }
}
