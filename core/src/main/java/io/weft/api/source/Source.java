package io.weft.api.source;

import io.weft.api.functions.SubtaskInfo;

import java.io.Serializable;

/**
 * Where a stream's elements come from. Each parallel subtask of a source creates one reader. A
 * bounded source makes the job finish when every reader has reached its end; an unbounded one
 * runs until the job is cancelled.
 */
public interface Source<T> extends Serializable {
  boolean isBounded();

  SourceReader<T> createReader(SubtaskInfo context) throws Exception;
}
