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
 * A keyed, checkpointed job for in-place rescaling: {@code count} numbers at {@code rate} a second
 * (so input flows while the job is rescaled), each key's running count from keyed state, written
 * through the exactly-once files sink as {@code seq,key,count,millis} lines (millis: when the keyed
 * function saw it, to measure the rescale's pause from the output). Arguments:
 * {@code <output directory> <count> <rate>}.
 */
public final class RescaledCountJob {
  public static final int KEYS = 13;

  private RescaledCountJob() {}

  public static void main(String[] args) throws Exception {
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, Long.parseLong(args[1]), Double.parseDouble(args[2])), "numbers",
            TypeInfo.of(Long.class))
        .keyBy(i -> i % KEYS, TypeInfo.of(Long.class))
        .process(new RunningCount()).returns(String.class).name("RunningCount")
        .sinkTo(FileSink.forRowFormat(args[0], new SimpleStringEncoder<String>())
            .withBucketAssigner((line, context) -> "all").build());
    env.execute("Rescaled count");
  }

  /** Each number with its key's running count, from keyed state. */
  public static final class RunningCount extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> count;

    @Override
    public void open() {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(Long i, Context<Long> ctx, Collector<String> out) throws Exception {
      long n = count.value() == null ? 1 : count.value() + 1;
      count.update(n);
      out.collect(i + "," + ctx.getCurrentKey() + "," + n + "," + System.currentTimeMillis());
    }
  }
}
