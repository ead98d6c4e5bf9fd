package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.eventtime.WatermarkStrategy;
import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.InputStatus;
import io.weft.api.source.ReaderOutput;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;
import io.weft.core.types.TypeInfo;

/**
 * Emits exactly {@value #COUNT} numbers, timestamped {@value #BASE_TIMESTAMP} + n, then holds
 * without ending, so that a test sees known figures in a job that still runs: the source writes
 * {@value #COUNT} records, the two "Double" subtasks read {@value #COUNT} between them, and their
 * watermark ends at {@value #BASE_TIMESTAMP} + {@value #COUNT} - 2 (monotonous timestamps: the
 * largest minus one).
 */
public final class HoldingJob {
  public static final int COUNT = 5000;
  public static final long BASE_TIMESTAMP = 1_700_000_000_000L;

  private HoldingJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new HoldingSource(), "Holding numbers", TypeInfo.of(Long.class)).setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
            .withTimestampAssigner((value, recordTimestamp) -> recordTimestamp))
        .setParallelism(1)
        .rebalance()
        .map(x -> x * 2).name("Double").setParallelism(2).returns(TypeInfo.of(Long.class))
        .filter(x -> x < 0).name("Nothing").setParallelism(2)
        .print().setParallelism(2);
    env.execute("Holding job");
  }

  /** {@value #COUNT} numbers, then nothing, forever. */
  public static final class HoldingSource implements Source<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBounded() {
      return false;
    }

    @Override
    public SourceReader<Long> createReader(SubtaskInfo context) {
      return new SourceReader<>() {
        private long next;

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
          for (int i = 0; i < 100 && next < COUNT; i++, next++) {
            output.collect(next, BASE_TIMESTAMP + next);
          }
          return next < COUNT ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
        }
      };
    }
  }
}
