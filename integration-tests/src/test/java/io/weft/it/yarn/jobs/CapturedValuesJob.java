package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.MapFunction;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A main() that computes values at run time (a run id, the time) which its function captures, and
 * that has a side effect: it writes one marker file per run of main(). Every output line is
 * {@code run=<id> t=<nanos> i=<n>}, through the exactly-once file sink; each subtask sleeps
 * {@code <millis>} every 20 numbers it passes on, so that containers can be killed in the middle.
 * Arguments: {@code <output directory> <marker directory> <count> <millis>}.
 */
public final class CapturedValuesJob {
  private CapturedValuesJob() {}

  public static void main(String[] args) throws Exception {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    long submitted = System.nanoTime();
    Path marker = new Path(args[1], "main-" + runId);
    marker.getFileSystem(new Configuration()).create(marker, false).close();
    long count = Long.parseLong(args[2]);
    long millis = Long.parseLong(args[3]);

    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    // Paced in the sources' chain, so that no records queue up before a checkpoint barrier.
    env.fromSequence(1, count)
        .map(new Pace(millis)).returns(Long.class)
        .rebalance()
        .map(i -> "run=" + runId + " t=" + submitted + " i=" + i).returns(String.class).name("label")
        .writeAsTextExactlyOnce(args[0]);
    env.execute("Captured values");
  }

  /** Sleeps every 20 elements of its own subtask, so every subtask takes as long. */
  static final class Pace implements MapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long millis;
    private transient long seen;

    Pace(long millis) {
      this.millis = millis;
    }

    @Override
    public Long map(Long value) throws Exception {
      if (millis > 0 && ++seen % 20 == 0) {
        Thread.sleep(millis);
      }
      return value;
    }
  }
}
