package io.weft.examples;

import io.weft.api.environment.StreamEnvironment;
import io.weft.api.functions.Collector;
import io.weft.api.functions.FlatMapFunction;
import io.weft.api.tuple.Tuple2;
import io.weft.core.plan.RuntimeMode;

/**
 * Counts words in text: {@code --input <path> [--output <dir>]}, on file:// or hdfs:// paths.
 * Words are what lies between spaces, exactly as {@code tr -s ' ' '\n' | sort | uniq -c} sees
 * them. Runs in BATCH mode, so each word appears once with its final count, as
 * {@code word<TAB>count} lines in {@code <dir>/part-<n>}; without --output they are printed.
 */
public final class WordCount {
  private WordCount() {}

  public static void main(String[] args) throws Exception {
    Args params = Args.parse(args);
    String input = params.required("input");
    String output = params.optional("output", null);

    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeMode.BATCH);

    var counts = env.readTextFile(input)
        .flatMap(new Tokenizer()).name("Tokenizer")
        .keyBy(wordAndOne -> wordAndOne.f0)
        .sum(1).name("Count")
        .map(wordAndCount -> wordAndCount.f0 + "\t" + wordAndCount.f1).name("Format");
    if (output != null) {
      counts.writeAsText(output).name("Sink: Word counts");
    } else {
      counts.print();
    }
    env.execute("WordCount");
  }

  /** Splits lines at spaces and emits (word, 1) for every non-empty word. */
  public static final class Tokenizer implements FlatMapFunction<String, Tuple2<String, Long>> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(String line, Collector<Tuple2<String, Long>> out) {
      int start = 0;
      int n = line.length();
      while (start < n) {
        int end = line.indexOf(' ', start);
        if (end < 0) {
          end = n;
        }
        if (end > start) {
          out.collect(Tuple2.of(line.substring(start, end), 1L));
        }
        start = end + 1;
      }
    }
  }
}
