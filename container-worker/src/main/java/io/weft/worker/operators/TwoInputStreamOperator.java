package io.weft.worker.operators;

import io.weft.dataplane.element.StreamRecord;

/**
 * An operator with two inputs. The task hands it each element with the input it came from; it
 * gets one watermark, the smaller of both inputs' (the task computes it over the channels of
 * both), and ends once both inputs have ended. {@link #processElement} is never called: a
 * two-input operator is always the head of its chain.
 */
public interface TwoInputStreamOperator<IN1, IN2, OUT> extends StreamOperator<Object, OUT> {

  void processElement1(StreamRecord<IN1> record) throws Exception;

  void processElement2(StreamRecord<IN2> record) throws Exception;

  @Override
  default void processElement(StreamRecord<Object> record) {
    throw new IllegalStateException("a two-input operator gets its elements through processElement1/2");
  }
}
