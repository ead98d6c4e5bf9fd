package io.weft.api.functions;

/** A function with a life cycle and access to its runtime context (subtask, state). */
public interface RichFunction extends Function {
  /** Called once per subtask before the first element. */
  void open(RuntimeContext context) throws Exception;

  /** Called once per subtask after the last element, also on failure and cancellation. */
  void close() throws Exception;
}
