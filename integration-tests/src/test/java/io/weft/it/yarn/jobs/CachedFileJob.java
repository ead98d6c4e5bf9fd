package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.AbstractRichFunction;
import io.weft.api.functions.Collector;
import io.weft.api.functions.FlatMapFunction;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Registers a cached file from HDFS ({@code remote}) and one from the client's disk ({@code local},
 * a directory), and writes, per subtask, what each subtask read from them and where the files
 * really were (their canonical paths) with the container it ran in. Arguments:
 * {@code <hdfs file> <local directory> <output directory>}.
 */
public final class CachedFileJob {
  private CachedFileJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.registerCachedFile(args[0], "remote");
    env.registerCachedFile(args[1], "local", true);
    env.fromSequence(0, 999)
        .flatMap(new ReadCached()).returns(String.class).name("Read cached files")
        .writeAsText(args[2]).name("Sink: cached");
    env.execute("Cached files job");
  }

  /** Reads both cached files in open() and emits one line per subtask. */
  public static final class ReadCached extends AbstractRichFunction implements FlatMapFunction<Long, String> {
    private static final long serialVersionUID = 1L;
    private transient String line;

    @Override
    public void open() throws IOException {
      File remote = getRuntimeContext().getDistributedCache().getFile("remote");
      File local = getRuntimeContext().getDistributedCache().getFile("local");
      File nested = new File(local, "sub/words.txt");
      line = "subtask=" + getRuntimeContext().getIndexOfThisSubtask()
          + "\tcontainer=" + System.getenv("CONTAINER_ID")
          + "\tremote=" + Files.readString(remote.toPath()).trim()
          + "\tremotePath=" + remote.getCanonicalPath()
          + "\tlocal=" + Files.readString(nested.toPath()).trim()
          + "\tlocalPath=" + nested.getCanonicalPath()
          + "\texecutable=" + nested.canExecute();
    }

    @Override
    public void flatMap(Long value, Collector<String> out) {
      if (line != null) {
        out.collect(line);
        line = null;
      }
    }
  }
}
