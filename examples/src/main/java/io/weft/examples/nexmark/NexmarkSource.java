package io.weft.examples.nexmark;

import io.weft.api.functions.SubtaskInfo;
import io.weft.api.source.GeneratorSource;
import io.weft.api.source.Source;
import io.weft.api.source.SourceReader;

/**
 * Nexmark events as a Weft source: subtask k of p makes events k, k+p, k+2p, ..., so the events
 * (and every query's result) do not depend on the parallelism. Bounded by an event count, or
 * unbounded. Events come as fast as the job takes them: the rate only sets how fast event time
 * advances, as in the benchmark's usual "maximum speed" mode.
 */
public final class NexmarkSource implements Source<Event> {
  private static final long serialVersionUID = 1L;
  private final GeneratorSource<Event> events;

  /** {@code count} events; Long.MAX_VALUE for an unbounded stream. */
  public NexmarkSource(NexmarkConfig config, long count) {
    this.events = new GeneratorSource<>(new NexmarkGenerator(config), count);
  }

  public static NexmarkSource unbounded(NexmarkConfig config) {
    return new NexmarkSource(config, Long.MAX_VALUE);
  }

  @Override
  public boolean isBounded() {
    return events.isBounded();
  }

  @Override
  public SourceReader<Event> createReader(SubtaskInfo context) throws Exception {
    return events.createReader(context);
  }
}
