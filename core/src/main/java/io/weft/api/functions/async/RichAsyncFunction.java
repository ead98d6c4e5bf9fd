package io.weft.api.functions.async;

import io.weft.api.functions.AbstractRichFunction;

/**
 * An {@link AsyncFunction} with {@code open}/{@code close} and the runtime context (open a client
 * in {@code open}, close it in {@code close}). As in Flink, keyed state is not available to it: a
 * result completes on another thread, where no key is current.
 */
public abstract class RichAsyncFunction<IN, OUT> extends AbstractRichFunction implements AsyncFunction<IN, OUT> {
  private static final long serialVersionUID = 1L;
}
