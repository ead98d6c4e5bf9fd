package io.weft.worker.local;

import io.weft.core.types.Types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.api.datastream.OutputTag;
import io.weft.api.datastream.SingleOutputStreamOperator;
import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.ProcessFunction;
import io.weft.api.sink.CollectSink;
import io.weft.worker.harness.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Side outputs in a real local job. */
@Timeout(60)
class SideOutputJobTest {
  static final OutputTag<Long> ODD = new OutputTag<>("odd", Types.LONG);
  static final OutputTag<String> UNREAD = new OutputTag<>("nobody-reads-this");

  /** Even numbers to the main output, odd ones to {@link #ODD}; everything also to {@link #UNREAD}. */
  static final class RouteOdd extends ProcessFunction<Long, Long> {
    @Override
    public void processElement(Long value, Context ctx, Collector<Long> out) {
      if (value % 2 == 0) {
        out.collect(value);
      } else {
        ctx.output(ODD, value);
      }
      ctx.output(UNREAD, "unread " + value);
    }
  }

  @AfterEach
  void noThreadsLeft() {
    TestThreads.assertNoRuntimeThreadsRemain();
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> l = new ArrayList<>(values);
    l.sort(null);
    return l;
  }

  @Test
  void theSideOutputGetsExactlyTheOddOnesAndTheMainOutputTheEvenOnes() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(3);
    CollectSink<Long> main = new CollectSink<>();
    CollectSink<Long> odd = new CollectSink<>();
    try {
      SingleOutputStreamOperator<Long> routed = env.fromSequence(1, 5_000).process(new RouteOdd()).name("route");
      routed.sinkTo(main);
      // The side output goes through a network edge and may run at another parallelism.
      routed.getSideOutput(ODD).map(x -> x).setParallelism(2).sinkTo(odd);
      env.execute("side outputs");

      assertEquals(LongStream.rangeClosed(1, 5_000).filter(x -> x % 2 == 0).boxed().toList(), sorted(main.results()));
      assertEquals(LongStream.rangeClosed(1, 5_000).filter(x -> x % 2 == 1).boxed().toList(), sorted(odd.results()));
    } finally {
      main.discard();
      odd.discard();
    }
  }

  @Test
  void aSideOutputNobodyReadsIsDroppedWithoutError() throws Exception {
    StreamEnvironment env = StreamEnvironment.createLocalEnvironment(2);
    List<Long> out = env.fromSequence(1, 1_000).process(new RouteOdd()).name("route").executeAndCollect("unread");
    assertEquals(LongStream.rangeClosed(1, 1_000).filter(x -> x % 2 == 0).boxed().toList(), sorted(out));
  }
}
