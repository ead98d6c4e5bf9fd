package io.weft.it.yarn.jobs;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.connectors.files.format.SimpleStringEncoder;
import io.weft.connectors.files.sink.FileSink;
import io.weft.core.types.TypeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyed, checkpointed job whose input rate changes for the autoscaler: {@code count} numbers from
 * a generator paced by a schedule of rates ({@code from:rate} steps, by sequence number, so that the
 * numbers stay exactly countable and the schedule carries on across rescales). Every number costs
 * the keyed function {@code costMillis} (a sleep: busy time, little CPU), so one subtask can process
 * at most {@code 1000 / costMillis} numbers a second whatever the machine's speed, and its
 * busy-time-based true rate stays near that under load. Each key's running count comes from keyed
 * state; lines {@code seq,key,count,parallelism} (the keyed function's parallelism when it processed
 * the number) go through the exactly-once files sink. Arguments:
 * {@code <output> <count> <costMillis> <from:rate>...}, the first step from 0.
 */
public final class AutoscaledCountJob {
  public static final int KEYS = 32;

  private AutoscaledCountJob() {}

  public static void main(String[] args) throws Exception {
    List<GeneratorSource.RateStep> steps = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String[] step = args[i].split(":");
      steps.add(new GeneratorSource.RateStep(Long.parseLong(step[0]), Double.parseDouble(step[1])));
    }
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(GeneratorSource.withRateSteps(i -> i, Long.parseLong(args[1]), steps), "numbers",
            TypeInfo.of(Long.class))
        .keyBy(i -> i % KEYS, TypeInfo.of(Long.class))
        .process(new CostlyCount(Long.parseLong(args[2])))
        .returns(String.class).name("CostlyCount")
        .sinkTo(FileSink.forRowFormat(args[0], new SimpleStringEncoder<String>())
            .withBucketAssigner((line, context) -> "all").build());
    env.execute("Autoscaled count");
  }

  /** Each number with its key's running count and the parallelism it ran at; each takes {@code costMillis}. */
  public static final class CostlyCount extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private final long costMillis;
    private transient ValueState<Long> count;

    public CostlyCount(long costMillis) {
      this.costMillis = costMillis;
    }

    @Override
    public void open() {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(Long i, Context<Long> ctx, Collector<String> out) throws Exception {
      Thread.sleep(costMillis);
      long n = count.value() == null ? 1 : count.value() + 1;
      count.update(n);
      out.collect(i + "," + ctx.getCurrentKey() + "," + n + "," + getRuntimeContext().getNumberOfParallelSubtasks());
    }
  }
}
