package io.weft.api.functions;

import io.weft.core.config.Configuration;

/** Which parallel instance a reader or writer is, and the job's configuration. */
public interface SubtaskInfo {
  int subtaskIndex();

  int parallelism();

  Configuration configuration();
}
