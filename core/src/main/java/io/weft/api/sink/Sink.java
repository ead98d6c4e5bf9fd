package io.weft.api.sink;

import io.weft.api.functions.SubtaskInfo;
import java.io.Serializable;

/** Where a stream's elements go. Each parallel subtask of a sink creates one writer. */
public interface Sink<T> extends Serializable {
  SinkWriter<T> createWriter(SubtaskInfo context) throws Exception;
}
