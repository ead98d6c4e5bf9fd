package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.connectors.files.format.SimpleStringEncoder;
import io.weft.connectors.files.sink.FileSink;
import io.weft.connectors.files.source.FileSource;
import io.weft.connectors.files.source.TextLineFormat;
import io.weft.core.types.TypeInfo;
import java.time.Duration;

/**
 * Follows a directory: every line of every file that appears in it, copied through the files sink
 * (text lines, exactly once), slowly enough for checkpoints and a killed TaskManager to land
 * mid-stream. Runs until cancelled. Arguments: {@code <input directory> <output directory>}.
 */
public final class ContinuousLinesJob {
  private ContinuousLinesJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(FileSource.forRecordFormat(new TextLineFormat(), args[0])
            .setSplitSize(4_096).monitorContinuously(Duration.ofMillis(200)).build(), "lines", TypeInfo.of(String.class))
        .map(line -> {
          Thread.sleep(5);
          return line;
        }).returns(String.class).name("Slowly")
        .sinkTo(FileSink.forRowFormat(args[1], new SimpleStringEncoder<String>())
            .withBucketAssigner((line, context) -> "all").build());
    env.execute("Continuous lines");
  }
}
