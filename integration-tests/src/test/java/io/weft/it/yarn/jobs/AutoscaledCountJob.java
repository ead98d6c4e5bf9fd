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

/**
 * A keyed, checkpointed job whose load changes for the autoscaler: {@code count} numbers at
 * {@code rate} a second; numbers in {@code [heavyFrom, heavyTo)} cost the keyed function
 * {@code costMillis} each (a sleep: busy time, little CPU), so while they flow the demand is above
 * what one subtask can do, and below it before and after. Each key's running count comes from keyed
 * state; lines {@code seq,key,count} go through the exactly-once files sink. Arguments:
 * {@code <output> <count> <rate> <heavyFrom> <heavyTo> <costMillis>}.
 */
public final class AutoscaledCountJob {
  public static final int KEYS = 13;

  private AutoscaledCountJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, Long.parseLong(args[1]), Double.parseDouble(args[2])), "numbers",
            TypeInfo.of(Long.class))
        .keyBy(i -> i % KEYS, TypeInfo.of(Long.class))
        .process(new CostlyCount(Long.parseLong(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5])))
        .returns(String.class).name("CostlyCount")
        .sinkTo(FileSink.forRowFormat(args[0], new SimpleStringEncoder<String>())
            .withBucketAssigner((line, context) -> "all").build());
    env.execute("Autoscaled count");
  }

  /** Each number with its key's running count; numbers of the heavy range take {@code costMillis}. */
  public static final class CostlyCount extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private final long heavyFrom;
    private final long heavyTo;
    private final long costMillis;
    private transient ValueState<Long> count;

    public CostlyCount(long heavyFrom, long heavyTo, long costMillis) {
      this.heavyFrom = heavyFrom;
      this.heavyTo = heavyTo;
      this.costMillis = costMillis;
    }

    @Override
    public void open() {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(Long i, Context<Long> ctx, Collector<String> out) throws Exception {
      if (i >= heavyFrom && i < heavyTo) {
        Thread.sleep(costMillis);
      }
      long n = count.value() == null ? 1 : count.value() + 1;
      count.update(n);
      out.collect(i + "," + ctx.getCurrentKey() + "," + n);
    }
  }
}
