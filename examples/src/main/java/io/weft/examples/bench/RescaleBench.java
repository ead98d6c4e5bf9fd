package io.weft.examples.bench;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.KeyedProcessFunction;
import io.weft.api.source.GeneratorSource;
import io.weft.api.state.ValueState;
import io.weft.api.state.ValueStateDescriptor;
import io.weft.connectors.files.format.SimpleStringEncoder;
import io.weft.connectors.files.sink.FileSink;
import io.weft.core.types.TypeInfo;
import io.weft.core.types.Types;
import java.nio.ByteBuffer;

/**
 * The job of {@code scripts/bench/rescale}: a keyed job with about {@code keys * valueBytes} of keyed
 * state, to measure how long output stops when it is rescaled (in place, or stopped with a savepoint
 * and run again). The generator makes {@code count} numbers at {@code rate} a second over all
 * subtasks (subtask k of p: k, k+p, ...); number i goes to key {@code i % keys}, whose state is one
 * array of {@code valueBytes} bytes holding the key's running count in its first 8 (so the count
 * that moves with the state is the one checked). Every number is written through the exactly-once
 * files sink as {@code i,key,count,millis} (millis: when the keyed function handled it), into one
 * bucket {@code all}. After the first {@code keys} numbers every key holds its array.
 *
 * <p>{@code scripts/bench/flink-rescale} runs the same job on Flink 1.20. Arguments:
 * {@code <output directory> <count> <rate> <keys> <valueBytes>}.
 */
public final class RescaleBench {
  private RescaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: RescaleBench <output directory> <count> <rate> <keys> <valueBytes>");
    }
    long count = Long.parseLong(args[1]);
    double rate = Double.parseDouble(args[2]);
    long keys = Long.parseLong(args[3]);
    int valueBytes = Integer.parseInt(args[4]);
    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.fromSource(new GeneratorSource<>(i -> i, count, rate), "numbers", TypeInfo.of(Long.class))
        .keyBy(i -> i % keys, TypeInfo.of(Long.class))
        .process(new FatCount(valueBytes)).returns(String.class).name("FatCount").uid("fat-count")
        .sinkTo(FileSink.forRowFormat(args[0], new SimpleStringEncoder<String>())
            .withBucketAssigner((line, context) -> "all").build());
    env.execute("Rescale bench");
  }

  /** Each number with its key's running count, kept in a state value of {@code valueBytes} bytes. */
  static final class FatCount extends KeyedProcessFunction<Long, Long, String> {
    private static final long serialVersionUID = 1L;
    private final int valueBytes;
    private transient ValueState<byte[]> value;

    FatCount(int valueBytes) {
      if (valueBytes < Long.BYTES) {
        throw new IllegalArgumentException("valueBytes must hold the count (8 bytes): " + valueBytes);
      }
      this.valueBytes = valueBytes;
    }

    @Override
    public void open() {
      value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", Types.BYTES));
    }

    @Override
    public void processElement(Long i, Context<Long> ctx, Collector<String> out) throws Exception {
      byte[] v = value.value();
      if (v == null) {
        v = new byte[valueBytes];
      }
      ByteBuffer b = ByteBuffer.wrap(v);
      long n = b.getLong(0) + 1;
      b.putLong(0, n);
      value.update(v);
      out.collect(i + "," + ctx.getCurrentKey() + "," + n + "," + System.currentTimeMillis());
    }
  }
}
