package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import java.io.PrintStream;

/**
 * Prints each element on its own line to stdout (or stderr), prefixed with the subtask number
 * ("2> ...") when the sink runs in parallel, as Flink's print() does.
 */
public final class PrintSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private final boolean stdErr;

  public PrintSink(boolean stdErr) {
    this.stdErr = stdErr;
  }

  @Override
  public SinkWriter<T> createWriter(SubtaskInfo context) {
    PrintStream stream = stdErr ? System.err : System.out;
    String prefix = context.parallelism() > 1 ? (context.subtaskIndex() + 1) + "> " : "";
    return (value, timestamp) -> stream.println(prefix + value);
  }
}
